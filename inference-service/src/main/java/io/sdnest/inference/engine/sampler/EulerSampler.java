package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/** "Euler": Karras et al. 2022, Algorithm 2 with Euler steps, x ← x + (σ_{i+1} − σ̂)·(x − D)/σ̂ (k-diffusion
 * {@code sample_euler}); honours s_churn, s_tmin, s_tmax, s_noise. */
public final class EulerSampler implements Sampler {

  @Override
  public String name() {
    return "Euler";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final float[] d = workspace();
    private double sigmaHat;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      sigmaHat = Churn.apply(this, i);
      evaluate(x, sigmaHat);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      VectorMath.derivativeInto(d, x, denoised, sigmaHat);
      VectorMath.addScaledInto(x, x, sigmas[currentStep() + 1] - sigmaHat, d);
      completeStep();
    }
  }
}
