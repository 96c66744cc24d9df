package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DDIM" (Song et al. 2021, eq. 12) as A1111's {@code sd_samplers_timesteps_impl.ddim}. Divided by sqrt(ᾱ_prev), its
 * update x_prev = sqrt(ᾱ_prev)·x̂₀ + sqrt(1 − ᾱ_prev − σ_η²)·ε + σ_η·z becomes exactly the Euler-ancestral step
 * from σ_t to σ_prev with σ_up = η·σ_prev·sqrt(1 − σ_prev²/σ_t²), so it shares that code. eta defaults to A1111's
 * {@code eta_ddim} = 0; runs on A1111's own timesteps whatever the schedule type.
 */
public final class DdimSampler extends CompVisTimestepSampler {

  @Override
  public String name() {
    return "DDIM";
  }

  @Override
  public double defaultEta() {
    return 0.0;
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
      if (i + 1 == totalSteps()) {
        CompVisTimesteps.toVpInPlace(x, sigmas[i + 1]);
      }
      completeStep();
    }
  }
}
