package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sdnest.inference.worker.DeviceMemory;

class CudaMemoryTest {

  private static final long MIB = 1024L * 1024;

  private static CudaMemory on(String provider, Optional<DeviceMemory.Reading>... readings) {
    Deque<Optional<DeviceMemory.Reading>> queue = new ArrayDeque<>(List.of(readings));
    return new CudaMemory(() -> provider, queue::removeFirst);
  }

  @Test
  void onCudaTheDeviceReadingFillsA1111sCudaShapeInItsKeyOrder() throws Exception {
    CudaMemory memory = on("CUDA:0", Optional.of(new DeviceMemory.Reading(6000 * MIB, 2000 * MIB)));
    String json = new ObjectMapper().writeValueAsString(memory.report());
    long free = 6000 * MIB;
    long used = 2000 * MIB;
    assertThat(json).isEqualTo("{\"system\":{\"free\":" + free + ",\"used\":" + used + ",\"total\":" + (free + used)
        + "},\"active\":{\"current\":" + used + ",\"peak\":" + used + "},\"allocated\":{\"current\":" + used
        + ",\"peak\":" + used + "},\"reserved\":{\"current\":" + used + ",\"peak\":" + used
        + "},\"inactive\":{\"current\":0,\"peak\":0},\"events\":{\"retries\":0,\"oom\":0}}");
  }

  @Test
  void peakIsTheHighestUseSeenWhileCurrentFollowsTheDevice() {
    CudaMemory memory = on("TensorRT:0", Optional.of(new DeviceMemory.Reading(1000, 3000)),
        Optional.of(new DeviceMemory.Reading(3000, 1000)));
    memory.report();
    Map<String, Object> second = memory.report();
    assertThat(second.get("allocated")).isEqualTo(Map.of("current", 1000L, "peak", 3000L));
    assertThat(second.get("system")).isEqualTo(Map.of("free", 3000L, "used", 1000L, "total", 4000L));
  }

  @Test
  void onTheCpuOrBeforeAnyModelIsLoadedTheDeviceIsNotRead() {
    for (String provider : new String[] {"CPU", null}) {
      CudaMemory memory = new CudaMemory(() -> provider, () -> {
        throw new AssertionError("the device must not be read on " + provider);
      });
      assertThat(memory.report()).isEqualTo(Map.of("error", "unavailable"));
    }
  }

  @Test
  void anUnreadableDeviceIsUnavailable() {
    assertThat(on("CUDA:1", Optional.empty()).report()).isEqualTo(Map.of("error", "unavailable"));
  }
}
