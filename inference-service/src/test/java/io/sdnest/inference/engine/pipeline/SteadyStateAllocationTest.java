package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.noise.InitialNoise;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import io.sdnest.inference.engine.sampler.SamplerInfo;
import io.sdnest.inference.engine.sampler.SamplerOptions;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ConditionerOptions;
import io.sdnest.inference.engine.text.PromptConditioner;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In steady state (after warm-up evaluations) a denoising loop allocates nothing proportional to the latent per UNet
 * evaluation: measured with the thread's allocated-bytes counter at a small and a large latent, for every sampler
 * driven by {@link DenoiseJob} and {@link UnetBatch}, and for the real ONNX UNet of the demo pipeline.
 */
class SteadyStateAllocationTest {

  private static final ModelSigmas SIGMAS = ModelSigmas.stableDiffusion();
  private static final int STEPS = 40;
  private static final int SMALL = 8;
  private static final int LARGE = 64;
  /** One 64×64 latent is 4·64·64 floats = 64 KiB; a small constant per evaluation stays far below it. */
  private static final int SAMPLER_LIMIT_BYTES = 4096;

  static Stream<String> samplers() {
    return SamplerCatalog.all().stream().map(SamplerInfo::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void samplerEvaluationsAllocateOnlyASmallConstantWhateverTheLatentSize(String sampler) {
    double small = bytesPerEvaluation(sampler, SMALL);
    double large = bytesPerEvaluation(sampler, LARGE);
    System.out.printf("allocation per evaluation, %s: %dx%d %.0f B, %dx%d %.0f B%n", sampler, SMALL, SMALL, small,
        LARGE, LARGE, large);
    assertThat(large).as("bytes per evaluation at %dx%d (%.0f at %dx%d)", LARGE, LARGE, large, SMALL, small)
        .isLessThan(SAMPLER_LIMIT_BYTES);
    assertThat(small).as("bytes per evaluation at %dx%d", SMALL, SMALL).isLessThan(SAMPLER_LIMIT_BYTES);
  }

  /** A stand-in UNet that writes ε = 0.1·input into the caller's array: no model cost, no allocation of its own. */
  private static final UnetModel IN_PLACE_UNET = new UnetModel() {
    @Override
    public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
      float[] in = sample.data();
      for (int i = 0; i < out.length; i++) {
        out[i] = 0.1f * in[i];
      }
    }

    @Override
    public boolean perRowTimesteps() {
      return true;
    }
  };

  private static double bytesPerEvaluation(String sampler, int size) {
    FloatTensor context = FloatTensor.zeros(1, 4, 8);
    DenoiseJob job = job(sampler, size, context, context);
    UnetBatch batch = new UnetBatch(IN_PLACE_UNET);
    List<DenoiseJob> group = List.of(job);
    // 20 warm-up and 15 measured evaluations fit in 40 steps of every sampler (at least one evaluation per step)
    return ThreadAllocation.perCall(20, 15, () -> batch.run(group));
  }

  private static DenoiseJob job(String sampler, int size, FloatTensor cond, FloatTensor uncond) {
    SamplerChoice choice = SamplerCatalog.resolve(sampler, null, null);
    InitialNoise noise = InitialNoise.create(1234, -1, 0, -1, -1, 4, size, size, 0);
    var schedule = choice.schedule(STEPS, SIGMAS);
    float[] x = noise.noise().clone();
    double scale = choice.sampler().sampler().initialNoiseScale(schedule.sigmas()[0]);
    for (int i = 0; i < x.length; i++) {
      x[i] *= (float) scale;
    }
    SamplerRun run = choice.sampler().sampler().start(x, schedule, noise.continuation(),
        SamplerOptions.of(choice.sampler().sampler(), null, null, null, null, null));
    return new DenoiseJob(run, List.of(new ScheduledConditioning(STEPS, cond)),
        List.of(new ScheduledConditioning(STEPS, uncond)), 7.0, SIGMAS, PredictionType.EPSILON, 4, size, size, null,
        null);
  }

  /**
   * ONNX Runtime's Java API allocates some small objects per run (tensors, result, maps), which is fine; what must
   * not happen is an output or input copy per call: at 64×64 one such copy of the two CFG rows would be 128 KiB.
   */
  @ParameterizedTest(name = "fp16 {0}")
  @ValueSource(booleans = {false, true})
  void onnxUnetCallsAllocateOnlyASmallConstantWhateverTheLatentSize(boolean fp16, @TempDir Path dir) {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, DemoVariant.standard().withFp16(fp16));
    PromptConditioner conditioner = new PromptConditioner(pipeline.model().textEncoder(), pipeline.tokenizer(),
        ConditionerOptions.defaults());
    FloatTensor cond = conditioner.encode("a red car");
    FloatTensor uncond = conditioner.encode("");
    double small = onnxBytesPerCall(pipeline, cond, uncond, SMALL);
    double large = onnxBytesPerCall(pipeline, cond, uncond, LARGE);
    System.out.printf("allocation per ONNX UNet call (fp16 %s): %dx%d %.0f B, %dx%d %.0f B%n", fp16, SMALL, SMALL,
        small, LARGE, LARGE, large);
    double oneLatent = 4.0 * 4 * LARGE * LARGE;
    assertThat(large).as("bytes per call at %dx%d (%.0f at %dx%d)", LARGE, LARGE, large, SMALL, small)
        .isLessThan(oneLatent / 4);
    assertThat(large - small).as("growth from %dx%d to %dx%d", SMALL, SMALL, LARGE, LARGE)
        .isLessThan(SAMPLER_LIMIT_BYTES);
  }

  private static double onnxBytesPerCall(StableDiffusionPipeline pipeline, FloatTensor cond, FloatTensor uncond,
      int size) {
    DenoiseJob job = job("Euler", size, cond, uncond);
    UnetBatch batch = new UnetBatch(pipeline.unet());
    List<DenoiseJob> group = List.of(job);
    return ThreadAllocation.perCall(10, 10, () -> batch.run(group));
  }
}
