package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "Euler a": an Euler step down to σ_down, then fresh noise of size σ_up (Ho et al. 2020's ancestral sampling in
 * Karras' ODE form; k-diffusion {@code sample_euler_ancestral}). Honours eta; A1111 passes it no s_noise.
 */
public final class EulerAncestralSampler implements Sampler {

  @Override
  public String name() {
    return "Euler a";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final float[] d = workspace();

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      AncestralUpdate.eulerAncestral(this, denoised, d, sigmas[i], sigmas[i + 1], options.eta(), 1.0);
      completeStep();
    }
  }
}
