package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.worker.DeviceMemory;
import io.sdnest.inference.worker.RowBuckets;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The worker follows the provider the loaded sessions run on, not only what was expected at start. */
class InferenceWorkerDeviceTest {

  private static final long MIB = 1024L * 1024;

  private static InferenceConfig config() {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(InferenceConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter())
        .withSources(new PropertiesConfigSource(Map.of("sdnest.inference.execution-provider", "auto"), "test", 500))
        .build();
    return config.getConfigMapping(InferenceConfig.class);
  }

  @Test
  void expectedOnCudaButLoadedOnTheCpuTheWorkerTakesTheCpuSizingAndTheGaugeStopsReading() {
    AtomicInteger reads = new AtomicInteger();
    DeviceMemory memory = new DeviceMemory(() -> {
      reads.incrementAndGet();
      return Optional.of(new DeviceMemory.Reading(2048 * MIB + 12 * 768 * MIB, 500 * MIB));
    }, () -> 0L);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InferenceWorker worker = new InferenceWorker(config(), registry, memory, true);
    try {
      assertThat(worker.onCuda()).isTrue();
      assertThat(worker.maxRows()).isEqualTo(12);
      assertThat(registry.get("sdnest.inference.device.memory").gauge().value()).isEqualTo(500 * MIB);

      worker.adopt("CPU");
      assertThat(worker.onCuda()).isFalse();
      assertThat(worker.maxRows()).isEqualTo(WorkerSizing.CPU_MAX_ROWS);
      assertThat(worker.buckets()).isEqualTo(RowBuckets.NONE);
      int before = reads.get();
      assertThat(registry.get("sdnest.inference.device.memory").gauge().value()).isNaN();
      assertThat(reads).hasValue(before);

      worker.adopt("TensorRT:0");
      assertThat(worker.onCuda()).isTrue();
      assertThat(worker.maxRows()).isEqualTo(12);
    } finally {
      worker.close();
    }
  }

  @Test
  void callRowsAreTheBucketsCappedAtWhatTheBudgetAllowsAtThatSize() {
    DeviceMemory memory = new DeviceMemory(
        () -> Optional.of(new DeviceMemory.Reading(2048 * MIB + 12 * 768 * MIB, 0)), () -> 0L);
    InferenceWorker worker = new InferenceWorker(config(), new SimpleMeterRegistry(), memory, true);
    try {
      assertThat(worker.callRows(64, 64)).containsExactly(1, 2, 4, 8, 12);
      assertThat(worker.callRows(128, 128)).containsExactly(1, 2, 3);
      worker.adopt("CPU");
      assertThat(worker.callRows(64, 64)).containsExactly(1, 2);
    } finally {
      worker.close();
    }
  }
}
