package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM++ 2M": DPM-Solver++(2M), Lu et al. 2022 (arXiv:2211.01095) Algorithm 2, in σ: with h = log(σ_i/σ_{i+1}) and
 * r = h_{i−1}/h, x ← (σ_{i+1}/σ_i)·x − expm1(−h)·((1 + 1/2r)·D_i − (1/2r)·D_{i−1}); first order on the first step and
 * on the step to σ = 0 (k-diffusion {@code sample_dpmpp_2m}).
 */
public final class DpmPp2mSampler implements Sampler {

  @Override
  public String name() {
    return "DPM++ 2M";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final float[] previous = workspace();
    private boolean hasPrevious;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double sigma = sigmas[i];
      double sigmaNext = sigmas[i + 1];
      if (sigmaNext == 0) {
        setX(denoised);
      } else {
        double h = Math.log(sigma / sigmaNext);
        double phi = -Math.expm1(-h);
        if (!hasPrevious) {
          VectorMath.combineInto(x, sigmaNext / sigma, x, phi, denoised);
        } else {
          double r = Math.log(sigmas[i - 1] / sigma) / h;
          VectorMath.combineInto(x, sigmaNext / sigma, x, phi * (1 + 1 / (2 * r)), denoised, -phi / (2 * r), previous);
        }
      }
      System.arraycopy(denoised, 0, previous, 0, previous.length);
      hasPrevious = true;
      completeStep();
    }
  }
}
