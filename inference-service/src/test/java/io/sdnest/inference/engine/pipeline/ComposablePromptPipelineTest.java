package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.demo.DemoMath;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.noise.InitialNoise;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import org.junit.jupiter.api.Test;

/**
 * A1111's composable prompts on the demo model, whose ideal denoiser is affine in the prompt's latent mean μ: the
 * guided combination uncond + Σ w·s·(cond_i − uncond) is the denoiser of μ_u + Σ w·s·(μ_i − μ_u), so Euler ends at
 * that mean's closed-form ODE end point.
 */
class ComposablePromptPipelineTest extends StandardDemoPipelineTest {

  private static final int STEPS = 32;
  private static final long SEED = 77;

  private static Bitmap generate(String prompt, double cfg) {
    return pipeline.generate(GenerationRequest.builder().prompt(prompt).size(64, 64).steps(STEPS).seed(SEED)
        .sampler("Euler").cfgScale(cfg).build(GenerationLimits.defaults()), ProgressListener.NONE,
        new CancellationToken()).images().get(0).bitmap();
  }

  /** RMS byte error between the image and the ODE end point for latent mean {@code mu}. */
  private static double errorAgainst(Bitmap image, double[] mu) {
    SamplerChoice choice = SamplerCatalog.resolve("Euler", null, null);
    double sigmaT = choice.schedule(STEPS, pipeline.modelSigmas()).sigmas()[0];
    double scale = choice.sampler().sampler().initialNoiseScale(sigmaT);
    float[] noise = InitialNoise.create(SEED, -1, 0, -1, -1, 4, 8, 8, 0).noise();
    double sum = 0;
    for (int p = 0; p < 64; p++) {
      double[] end = new double[4];
      for (int c = 0; c < 4; c++) {
        end[c] = DemoMath.flow(noise[c * 64 + p] * scale, mu[c], sigmaT, 0);
      }
      for (int ch = 0; ch < 3; ch++) {
        double d = image.get((p % 8) * 8 + 3, (p / 8) * 8 + 3, ch) - DemoPipelines.expectedByte(end, ch);
        sum += d * d;
      }
    }
    return Math.sqrt(sum / (64 * 3));
  }

  private static double[] combine(double[] base, double[]... terms) {
    double[] out = base.clone();
    for (double[] t : terms) {
      for (int c = 0; c < 4; c++) {
        out[c] += t[c];
      }
    }
    return out;
  }

  private static double[] term(double weight, double[] mu, double[] from) {
    double[] out = new double[4];
    for (int c = 0; c < 4; c++) {
      out[c] = weight * (mu[c] - from[c]);
    }
    return out;
  }

  @Test
  void guidedSubPromptsAddTheirWeightedDifferencesToTheNegativePrompt() {
    double[] grey = DemoPipelines.latentMean();
    double[] red = DemoPipelines.latentMean("red");
    double[] blue = DemoPipelines.latentMean("blue");
    double cfg = 1.5;
    Bitmap image = generate("a red car AND blue sky:0.5", cfg);
    double[] a1111 = combine(grey, term(cfg, red, grey), term(0.5 * cfg, blue, grey));
    double[] unweighted = combine(grey, term(cfg, red, grey), term(cfg, blue, grey));
    double[] blended = combine(grey, term(cfg, combine(red, term(1, blue, grey)), grey));
    assertThat(errorAgainst(image, a1111)).isLessThan(0.75 + 120.0 / STEPS);
    assertThat(errorAgainst(image, unweighted)).isGreaterThan(3 * errorAgainst(image, a1111));
    assertThat(errorAgainst(image, red)).isGreaterThan(3 * errorAgainst(image, a1111));
    assertThat(errorAgainst(image, blended)).isGreaterThan(3 * errorAgainst(image, a1111));
  }

  @Test
  void withoutGuidanceTheFirstSubPromptIsTheBase() {
    double[] red = DemoPipelines.latentMean("red");
    double[] blue = DemoPipelines.latentMean("blue");
    Bitmap image = generate("red AND blue :0.5", 1);
    double[] a1111 = combine(red, term(0.5, blue, red));
    assertThat(errorAgainst(image, a1111)).isLessThan(0.75 + 120.0 / STEPS);
    assertThat(errorAgainst(image, red)).isGreaterThan(3 * errorAgainst(image, a1111));
  }

  @Test
  void theInfotextKeepsThePromptAsGiven() {
    GeneratedImage image = pipeline.generate(GenerationRequest.builder().prompt("red AND blue :0.5").size(64, 64)
        .steps(4).seed(1).build(GenerationLimits.defaults()), ProgressListener.NONE, new CancellationToken())
        .images().get(0);
    assertThat(image.infotext()).startsWith("red AND blue :0.5\nSteps: 4,");
  }
}
