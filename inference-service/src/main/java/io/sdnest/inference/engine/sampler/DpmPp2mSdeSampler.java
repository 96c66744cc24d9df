package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.BrownianNoise;
import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM++ 2M SDE" / "DPM++ 2M SDE Heun": SDE-DPM-Solver++(2M), Lu et al. 2022 (arXiv:2211.01095) eq. for the
 * stochastic multistep solver, as k-diffusion {@code sample_dpmpp_2m_sde}: with h = log(σ_i/σ_{i+1}), ηh = η·h,
 * x ← (σ_{i+1}/σ_i)e^{−ηh}·x + (1 − e^{−h−ηh})·D + c·(D − D_prev)/r + σ_{i+1}·sqrt(1 − e^{−2ηh})·s_noise·z with
 * r = h_{i−1}/h and c from {@link #correction}. Honours eta and s_noise.
 */
public final class DpmPp2mSdeSampler implements Sampler {

  private final boolean heun;

  /** @param heun the Heun solver type instead of the midpoint one */
  public DpmPp2mSdeSampler(boolean heun) {
    this.heun = heun;
  }

  @Override
  public String name() {
    return heun ? "DPM++ 2M SDE Heun" : "DPM++ 2M SDE";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  /** Weight of (D − D_prev)/r: k-diffusion's heun: −expm1(−h−ηh)/(−h−ηh) + 1; midpoint: −½·expm1(−h−ηh). */
  double correction(double hTotal) {
    double phi = -Math.expm1(-hTotal);
    return heun ? phi / -hTotal + 1 : 0.5 * phi;
  }

  private final class Run extends StepRun {

    private final BrownianNoise brownian;
    private final float[] previous = workspace();
    private final float[] dw = workspace();
    private boolean hasPrevious;
    private double hLast;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
      brownian = new BrownianNoise(noise);
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
        double etaH = options.eta() * h;
        VectorMath.combineInto(x, sigmaNext / sigma * Math.exp(-etaH), x, -Math.expm1(-h - etaH), denoised);
        if (hasPrevious) {
          double w = correction(h + etaH) * h / hLast;
          VectorMath.combineInto(x, 1, x, w, denoised, -w, previous);
        }
        if (options.eta() != 0) {
          double scale = sigmaNext * Math.sqrt(-Math.expm1(-2 * etaH)) * options.sNoise();
          VectorMath.addScaledInto(x, x, scale, brownian.normalizedIncrement(sigma, sigmaNext, dw));
          brownian.forgetAbove(sigmaNext);
        }
        hLast = h;
      }
      System.arraycopy(denoised, 0, previous, 0, previous.length);
      hasPrevious = true;
      completeStep();
    }
  }
}
