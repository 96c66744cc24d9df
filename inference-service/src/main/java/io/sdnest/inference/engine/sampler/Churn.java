package io.sdnest.inference.engine.sampler;

import java.util.function.Supplier;

/**
 * Karras et al. 2022, Algorithm 2 lines 4–6: optionally raise σ_i to σ̂ = σ_i·(1 + γ) by adding noise of size
 * sqrt(σ̂² − σ_i²)·s_noise, γ = min(s_churn/N, √2 − 1) when s_tmin ≤ σ_i ≤ s_tmax. Used by Euler, Heun and DPM2.
 *
 * @param sigmaHat the raised noise level
 * @param x        the latent at σ̂
 */
record Churn(double sigmaHat, float[] x) {

  static Churn apply(Supplier<float[]> gaussian, float[] x, double[] sigmas, int i, SamplerOptions o) {
    double sigma = sigmas[i];
    double gamma = o.sTmin() <= sigma && sigma <= o.sTmax()
        ? Math.min(o.sChurn() / (sigmas.length - 1), Math.sqrt(2) - 1) : 0;
    double sigmaHat = sigma * (gamma + 1);
    if (gamma <= 0) {
      return new Churn(sigma, x);
    }
    float[] eps = gaussian.get();
    return new Churn(sigmaHat, VectorMath.addScaled(x, o.sNoise() * Math.sqrt(sigmaHat * sigmaHat - sigma * sigma), eps));
  }

}
