package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM++ 2S a": DPM-Solver++(2S), Lu et al. 2022 (arXiv:2211.01095) Algorithm 1 with r = 1/2, stepping down to the
 * ancestral σ_down and adding σ_up·s_noise noise (k-diffusion {@code sample_dpmpp_2s_ancestral}). In σ: σ_s =
 * sqrt(σ_i·σ_down), x_2 = (σ_s/σ_i)·x + (1 − σ_s/σ_i)·D, x ← (σ_down/σ_i)·x + (1 − σ_down/σ_i)·D(x_2, σ_s).
 */
public final class DpmPp2sAncestralSampler implements Sampler {

  @Override
  public String name() {
    return "DPM++ 2S a";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final float[] midInput = workspace();
    private AncestralStep ancestral;
    private double sigmaMid;
    private boolean second;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      ancestral = AncestralStep.of(sigmas[i], sigmas[i + 1], options.eta());
      second = false;
      evaluate(x, sigmas[i]);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double sigma = sigmas[i];
      double down = ancestral.sigmaDown();
      if (!second && down == 0) {
        setX(denoised);
      } else if (!second) {
        sigmaMid = Math.sqrt(sigma * down);
        second = true;
        evaluate(VectorMath.combineInto(midInput, sigmaMid / sigma, x, 1 - sigmaMid / sigma, denoised), sigmaMid);
        return;
      } else {
        VectorMath.combineInto(x, down / sigma, x, 1 - down / sigma, denoised);
      }
      if (sigmas[i + 1] > 0) {
        VectorMath.addScaledInto(x, x, ancestral.sigmaUp() * options.sNoise(), gaussian());
      }
      completeStep();
    }
  }
}
