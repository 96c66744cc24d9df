package io.sdnest.inference.worker;

import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What the device worker measures (Prometheus names in the comments). */
public final class WorkerMetrics {

  /** sdnest_inference_unet_rows: rows per UNet call. */
  final DistributionSummary unetRows;
  /** sdnest_inference_unet_call_seconds: wall time of one UNet call. */
  final Timer unetCall;
  /** sdnest_inference_step_seconds: time between two completed steps of one request's jobs. */
  final Timer step;

  public WorkerMetrics(MeterRegistry registry) {
    unetRows = DistributionSummary.builder("sdnest.inference.unet.rows").description("Rows per UNet call")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 24, 32, 48, 64).register(registry);
    unetCall = Timer.builder("sdnest.inference.unet.call").description("Wall time of one UNet call")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    step = Timer.builder("sdnest.inference.step").description("Time per denoising step of one job")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
  }
}
