package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.worker.DeviceMemory;
import io.sdnest.inference.worker.RowBuckets;

/** The worker's automatic sizing from where the models run and the device's free memory. */
class WorkerSizingTest {

  private static final long MIB = 1024L * 1024;
  private static final DeviceMemory UNREADABLE = new DeviceMemory(Optional::empty, () -> 0L);

  private static DeviceMemory free(long bytes) {
    return new DeviceMemory(() -> Optional.of(new DeviceMemory.Reading(bytes, 1000 * MIB)), () -> 0L);
  }

  private static final DeviceMemory NEVER_READ = new DeviceMemory(() -> {
    throw new AssertionError("the device memory must not be read");
  }, () -> 0L);

  @Test
  void onCudaTheFreeMemoryGivesTheRowsAndPowerOfTwoBuckets() {
    WorkerSizing s = WorkerSizing.of(true, Optional.empty(), Optional.empty(), Optional.empty(),
        free(2048 * MIB + 10 * 768 * MIB));
    assertThat(s.cuda()).isTrue();
    assertThat(s.maxRows()).isEqualTo(10);
    assertThat(s.buckets().sizes()).containsExactly(1, 2, 4, 8, 10);
    assertThat(s.maxOversize()).isEqualTo(WorkerSizing.MEASURED_MAX_OVERSIZE);
  }

  @Test
  void onCudaWithoutAReadingTheRowsFallBackToOneGuidedImageAndNoImageIsRefused() {
    WorkerSizing s = WorkerSizing.of(true, Optional.empty(), Optional.empty(), Optional.empty(), UNREADABLE);
    assertThat(s.maxRows()).isEqualTo(WorkerSizing.UNKNOWN_MEMORY_ROWS);
    assertThat(s.buckets().sizes()).containsExactly(1, 2);
    assertThat(s.maxOversize()).isZero();
    assertThat(s.refusal(guided(2048, 2048))).isEmpty();
  }

  @Test
  void onTheCpuTwoRowsNoBucketsNoLimitAndTheDeviceIsNotRead() {
    WorkerSizing s = WorkerSizing.of(false, Optional.empty(), Optional.empty(), Optional.empty(), NEVER_READ);
    assertThat(s.cuda()).isFalse();
    assertThat(s.maxRows()).isEqualTo(2);
    assertThat(s.buckets()).isEqualTo(RowBuckets.NONE);
    assertThat(s.refusal(guided(2048, 2048))).isEmpty();
  }

  @Test
  void configuredValuesWinAndSkipTheReading() {
    WorkerSizing s = WorkerSizing.of(true, Optional.of(6), Optional.of(List.of(2, 6)), Optional.of(3.0), NEVER_READ);
    assertThat(s.maxRows()).isEqualTo(6);
    assertThat(s.buckets().sizes()).containsExactly(2, 6);
    assertThat(s.maxOversize()).isEqualTo(3.0);
  }

  @Test
  void anImageFarBeyondTheBudgetIsRefusedAtItsSizeOrItsHiresTarget() {
    // 10 rows at 512x512, an image may cost up to 20
    WorkerSizing s = WorkerSizing.of(true, Optional.empty(), Optional.empty(), Optional.empty(),
        free(2048 * MIB + 10 * 768 * MIB));
    assertThat(s.refusal(guided(1024, 1024))).as("8 rows' worth: within the budget").isEmpty();
    assertThat(s.refusal(guided(1536, 1536))).as("18: over the budget, runs alone").isEmpty();
    assertThat(s.refusal(guided(2048, 2048))).get().asString().contains("2048x2048", "32.0 rows", "lower width");
    assertThat(s.refusal(builder(2048, 2048).cfgScale(1).build(GenerationLimits.defaults()))).as("one row: 16")
        .isEmpty();
    assertThat(s.refusal(builder(1024, 1024).prompt("a AND b AND c").build(GenerationLimits.defaults())))
        .as("4 rows at 1024: 16").isEmpty();
    assertThat(s.refusal(builder(1024, 1024).prompt("a AND b AND c AND d AND e").build(GenerationLimits.defaults())))
        .as("6 rows at 1024: 24").isPresent();
    GenerationRequest hires = builder(1024, 1024).hires(new Hires(2.0, 0, 0, null, 0, 0.7, "", "", null, null))
        .build(GenerationLimits.defaults());
    assertThat(s.refusal(hires)).get().asString().contains("2048x2048", "hires");
  }

  private static io.sdnest.inference.engine.pipeline.GenerationRequestBuilder builder(int width, int height) {
    return GenerationRequest.builder().prompt("a red car").size(width, height);
  }

  private static GenerationRequest guided(int width, int height) {
    return builder(width, height).build(GenerationLimits.defaults());
  }
}
