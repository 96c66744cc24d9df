package io.sdnest.inference.worker;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sdnest.inference.engine.pipeline.MergeableCall;
import io.sdnest.inference.engine.pipeline.UnetModel;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** What the device worker measures (Prometheus names in the comments). */
public final class WorkerMetrics {

  private static final double[] ROW_BUCKETS = {1, 2, 4, 8, 16, 24, 32, 48, 64};

  /** sdnest_inference_unet_rows: rows per UNet call. */
  final DistributionSummary unetRows;
  /** sdnest_inference_unet_call_seconds: wall time of one UNet call, the model's run only (see {@link #timed}). */
  final Timer unetCall;
  /** sdnest_inference_step_seconds: time between two completed steps of one request's jobs. */
  final Timer step;
  /**
   * Per text-encoder/VAE kind: sdnest_inference_text_encoder_rows, sdnest_inference_vae_rows{call="decode"|"encode"}
   * (rows per call, more than one when parts of several requests or images were merged).
   */
  private final Map<MergeableCall.Kind, DistributionSummary> rows = new EnumMap<>(MergeableCall.Kind.class);
  /** Per kind: sdnest_inference_text_encoder_call_seconds, sdnest_inference_vae_call_seconds{call=...}. */
  private final Map<MergeableCall.Kind, Timer> calls = new EnumMap<>(MergeableCall.Kind.class);

  public WorkerMetrics(MeterRegistry registry) {
    unetRows = DistributionSummary.builder("sdnest.inference.unet.rows").description("Rows per UNet call")
        .serviceLevelObjectives(ROW_BUCKETS).register(registry);
    unetCall = callTimer("sdnest.inference.unet.call", "Wall time of one UNet call").register(registry);
    step = Timer.builder("sdnest.inference.step").description("Time per denoising step of one job")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    rows.put(MergeableCall.Kind.TEXT_ENCODER, DistributionSummary.builder("sdnest.inference.text.encoder.rows")
        .description("Token rows per text-encoder call").serviceLevelObjectives(ROW_BUCKETS).register(registry));
    calls.put(MergeableCall.Kind.TEXT_ENCODER, callTimer("sdnest.inference.text.encoder.call",
        "Wall time of one text-encoder call").register(registry));
    for (MergeableCall.Kind kind : new MergeableCall.Kind[] {MergeableCall.Kind.VAE_DECODER,
        MergeableCall.Kind.VAE_ENCODER}) {
      String call = kind == MergeableCall.Kind.VAE_DECODER ? "decode" : "encode";
      rows.put(kind, DistributionSummary.builder("sdnest.inference.vae.rows").tag("call", call)
          .description("Images per VAE call").serviceLevelObjectives(ROW_BUCKETS).register(registry));
      calls.put(kind, callTimer("sdnest.inference.vae.call", "Wall time of one VAE call").tag("call", call)
          .register(registry));
    }
  }

  private static Timer.Builder callTimer(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60));
  }

  /**
   * {@code unet} with each {@code predict} timed into sdnest_inference_unet_call_seconds (by the registry's clock):
   * the model's run only, not gathering the rows nor the samplers' updates around it.
   */
  UnetModel timed(UnetModel unet) {
    return new UnetModel() {
      @Override
      public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
        unetCall.record(() -> unet.predict(sample, timesteps, context, out));
      }

      @Override
      public boolean perRowTimesteps() {
        return unet.perRowTimesteps();
      }
    };
  }

  void recordCall(MergeableCall.Kind kind, int callRows, long nanos) {
    rows.get(kind).record(callRows);
    calls.get(kind).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Rows per call of {@code kind}. */
  DistributionSummary rows(MergeableCall.Kind kind) {
    return rows.get(kind);
  }
}
