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

    private Churn churn;
    private float[] d;
    private float[] xPredicted;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      churn = Churn.apply(this::gaussian, x, sigmas, i, options);
      d = null;
      evaluate(churn.x(), churn.sigmaHat());
    }

    @Override
    protected void onDenoised(float[] denoised) {
      double sigmaNext = sigmas[currentStep() + 1];
      double dt = sigmaNext - churn.sigmaHat();
      if (d == null) {
        d = VectorMath.derivative(churn.x(), denoised, churn.sigmaHat());
        if (sigmaNext == 0) {
          x = VectorMath.addScaled(churn.x(), dt, d);
          completeStep();
        } else {
          xPredicted = VectorMath.addScaled(churn.x(), dt, d);
          evaluate(xPredicted, sigmaNext);
        }
      } else {
        float[] d2 = VectorMath.derivative(xPredicted, denoised, sigmaNext);
        x = VectorMath.combine(1, churn.x(), dt / 2, d, dt / 2, d2);
        completeStep();
      }
    }
  }
}
