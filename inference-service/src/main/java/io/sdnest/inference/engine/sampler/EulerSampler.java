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

    private Churn churn;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      churn = Churn.apply(this::gaussian, x, sigmas, i, options);
      evaluate(churn.x(), churn.sigmaHat());
    }

    @Override
    protected void onDenoised(float[] denoised) {
      float[] d = VectorMath.derivative(churn.x(), denoised, churn.sigmaHat());
      x = VectorMath.addScaled(churn.x(), sigmas[currentStep() + 1] - churn.sigmaHat(), d);
      completeStep();
    }
  }
}
