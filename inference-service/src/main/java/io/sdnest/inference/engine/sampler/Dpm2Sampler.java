package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM2": the midpoint method in σ with the midpoint at the geometric mean sqrt(σ̂·σ_{i+1}) (inspired by DPM-Solver-2,
 * Lu et al. 2022; k-diffusion {@code sample_dpm_2}); Euler on the last step to σ = 0. Honours s_churn, s_tmin, s_tmax,
 * s_noise.
 */
public final class Dpm2Sampler implements Sampler {

  @Override
  public String name() {
    return "DPM2";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final MidpointStep midpoint = new MidpointStep(x.length);

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      double sigmaHat = Churn.apply(this, i);
      midpoint.begin(x, sigmaHat, sigmas[i + 1]);
      evaluate(x, sigmaHat);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      if (midpoint.accept(denoised)) {
        completeStep();
      } else {
        evaluate(midpoint.input(), midpoint.sigma());
      }
    }
  }
}
