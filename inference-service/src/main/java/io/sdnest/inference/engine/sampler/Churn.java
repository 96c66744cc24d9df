package io.sdnest.inference.engine.sampler;

/**
 * Karras et al. 2022, Algorithm 2 lines 4–6: optionally raise σ_i to σ̂ = σ_i·(1 + γ) by adding noise of size
 * sqrt(σ̂² − σ_i²)·s_noise, γ = min(s_churn/N, √2 − 1) when s_tmin ≤ σ_i ≤ s_tmax. Used by Euler, Heun and DPM2.
 */
final class Churn {

  private Churn() {
  }

  /** Adds the churn noise for step {@code i} to the run's latent in place (when γ > 0) and returns σ̂. */
  static double apply(StepRun run, int i) {
    double[] sigmas = run.sigmas;
    SamplerOptions o = run.options;
    double sigma = sigmas[i];
    double gamma = o.sTmin() <= sigma && sigma <= o.sTmax()
        ? Math.min(o.sChurn() / (sigmas.length - 1), Math.sqrt(2) - 1) : 0;
    double sigmaHat = sigma * (gamma + 1);
    if (gamma <= 0) {
      return sigma;
    }
    float[] eps = run.gaussian();
    VectorMath.addScaledInto(run.x, run.x, o.sNoise() * Math.sqrt(sigmaHat * sigmaHat - sigma * sigma), eps);
    return sigmaHat;
  }
}
