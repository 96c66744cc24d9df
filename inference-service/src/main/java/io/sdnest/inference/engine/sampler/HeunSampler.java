package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "Heun": Karras et al. 2022, Algorithm 2 (second-order trapezoidal correction; Euler on the last step to σ = 0),
 * k-diffusion {@code sample_heun}. Honours s_churn, s_tmin, s_tmax, s_noise.
 */
public final class HeunSampler implements Sampler {

  @Override
  public String name() {
    return "Heun";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final float[] d = workspace();
    /** The Euler prediction at σ_{i+1}, then its derivative d₂. */
    private final float[] predicted = workspace();
    private double sigmaHat;
    private boolean corrector;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      sigmaHat = Churn.apply(this, i);
      corrector = false;
      evaluate(x, sigmaHat);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      double sigmaNext = sigmas[currentStep() + 1];
      double dt = sigmaNext - sigmaHat;
      if (!corrector) {
        VectorMath.derivativeInto(d, x, denoised, sigmaHat);
        if (sigmaNext == 0) {
          VectorMath.addScaledInto(x, x, dt, d);
          completeStep();
        } else {
          VectorMath.addScaledInto(predicted, x, dt, d);
          corrector = true;
          evaluate(predicted, sigmaNext);
        }
      } else {
        float[] d2 = VectorMath.derivativeInto(predicted, predicted, denoised, sigmaNext);
        VectorMath.combineInto(x, 1, x, dt / 2, d, dt / 2, d2);
        completeStep();
      }
    }
  }
}
