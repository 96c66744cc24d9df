package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.DenoiseJob;
import io.sdnest.inference.engine.pipeline.UnetModel;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ScheduledConditioning;

/** sdnest_inference_unet_call_seconds times the model's run, not the sampler updates of the jobs in the call. */
class UnetCallTimeTest {

  private static final ModelSigmas SIGMAS = ModelSigmas.stableDiffusion();

  /** A run of {@code steps} evaluations whose every update takes 10 s on {@code clock}. */
  private static SamplerRun slowRun(MockClock clock, int steps) {
    return new SamplerRun() {
      private final float[] x = new float[4];
      private int step;

      @Override
      public boolean isDone() {
        return step == steps;
      }

      @Override
      public double sigma() {
        return 1.0;
      }

      @Override
      public float[] input() {
        return x;
      }

      @Override
      public void accept(float[] denoised) {
        clock.add(Duration.ofSeconds(10));
        step++;
      }

      @Override
      public int step() {
        return step;
      }

      @Override
      public int totalSteps() {
        return steps;
      }

      @Override
      public float[] latent() {
        return x;
      }
    };
  }

  @Test
  void onlyThePredictCallIsTimed() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    UnetModel unet = new UnetModel() {
      @Override
      public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
        clock.add(Duration.ofSeconds(1));
      }

      @Override
      public boolean perRowTimesteps() {
        return true;
      }
    };
    var cond = List.of(new ScheduledConditioning(3, FloatTensor.zeros(1, 2, 4)));
    List<DenoiseJob> jobs = List.of(
        new DenoiseJob(slowRun(clock, 3), cond, cond, 7, SIGMAS, PredictionType.EPSILON, 4, 1, 1, null, null),
        new DenoiseJob(slowRun(clock, 3), cond, cond, 7, SIGMAS, PredictionType.EPSILON, 4, 1, 1, null, null));
    try (DeviceWorker worker = new DeviceWorker(4, 1, RowBuckets.NONE, new WorkerMetrics(registry))) {
      assertThat(worker.denoise(unet, jobs, (step, total) -> { }, new CancellationToken())).isTrue();
    }
    Timer calls = registry.get("sdnest.inference.unet.call").timer();
    assertThat(calls.count()).isEqualTo(3);
    assertThat(calls.totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
  }
}
