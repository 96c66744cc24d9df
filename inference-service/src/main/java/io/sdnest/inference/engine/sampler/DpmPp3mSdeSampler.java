package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.BrownianNoise;
import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM++ 3M SDE": third-order multistep SDE-DPM-Solver++ as k-diffusion {@code sample_dpmpp_3m_sde}: with
 * h_η = h(1 + η), x ← e^{−h_η}·x + (1 − e^{−h_η})·D + φ₂·d₁ − φ₃·d₂ + Brownian noise, where d₁, d₂ are the first and
 * second divided differences of the last three D's in λ = −log σ, φ₂ = (e^{−h_η} − 1)/h_η + 1, φ₃ = φ₂/h_η − ½.
 */
public final class DpmPp3mSdeSampler implements Sampler {

  @Override
  public String name() {
    return "DPM++ 3M SDE";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final BrownianNoise brownian;
    private final float[] dw = workspace();
    private final double[] coefficients = new double[4];
    private final float[][] terms = new float[4][];
    /** The last two predictions, newest first; the two arrays swap roles each step. */
    private float[] denoised1 = workspace();
    private float[] denoised2 = workspace();
    private double h1 = Double.NaN;
    private double h2 = Double.NaN;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
      brownian = new BrownianNoise(noise);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double sigma = sigmas[i];
      double sigmaNext = sigmas[i + 1];
      double h = h1;
      if (sigmaNext == 0) {
        setX(denoised);
      } else {
        h = Math.log(sigma / sigmaNext);
        double hEta = h * (options.eta() + 1);
        VectorMath.combineInto(x, Math.exp(-hEta), x, -Math.expm1(-hEta), denoised);
        double phi2 = Math.expm1(-hEta) / hEta + 1;
        if (!Double.isNaN(h2)) {
          double r0 = h1 / h;
          double r1 = h2 / h;
          // d1_0 = (D − D1)/r0, d1_1 = (D1 − D2)/r1; d1 = d1_0 + (d1_0 − d1_1)·r0/(r0 + r1); d2 = (d1_0 − d1_1)/(r0 + r1)
          double phi3 = phi2 / hEta - 0.5;
          double a = 1 / r0;
          double b = 1 / r1;
          double k1 = phi2 * (1 + r0 / (r0 + r1)) - phi3 / (r0 + r1);
          double k2 = -phi2 * r0 / (r0 + r1) + phi3 / (r0 + r1);
          // k1·d1_0 + k2·d1_1 expanded into D, D1, D2
          coefficients[0] = 1;
          coefficients[1] = k1 * a;
          coefficients[2] = -k1 * a + k2 * b;
          coefficients[3] = -k2 * b;
          terms[0] = x;
          terms[1] = denoised;
          terms[2] = denoised1;
          terms[3] = denoised2;
          VectorMath.combineInto(x, coefficients, terms);
        } else if (!Double.isNaN(h1)) {
          double r = h1 / h;
          VectorMath.combineInto(x, 1, x, phi2 / r, denoised, -phi2 / r, denoised1);
        }
        if (options.eta() != 0) {
          double scale = sigmaNext * Math.sqrt(-Math.expm1(-2 * h * options.eta())) * options.sNoise();
          VectorMath.addScaledInto(x, x, scale, brownian.normalizedIncrement(sigma, sigmaNext, dw));
          brownian.forgetAbove(sigmaNext);
        }
      }
      float[] oldest = denoised2;
      denoised2 = denoised1;
      denoised1 = oldest;
      System.arraycopy(denoised, 0, denoised1, 0, denoised1.length);
      h2 = h1;
      h1 = h;
      completeStep();
    }
  }
}
