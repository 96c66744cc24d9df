package io.sdnest.inference.engine.sampler;

/**
 * Splits a step from σ_from to σ_to into a deterministic step down to σ_down and fresh noise of size σ_up, with
 * σ_down² + σ_up² = σ_to² (k-diffusion {@code get_ancestral_step}; η = 1 is the DDPM posterior, η = 0 deterministic).
 */
public record AncestralStep(double sigmaDown, double sigmaUp) {

  public static AncestralStep of(double sigmaFrom, double sigmaTo, double eta) {
    if (eta == 0) {
      return new AncestralStep(sigmaTo, 0);
    }
    double up = Math.min(sigmaTo,
        eta * Math.sqrt(sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo) / (sigmaFrom * sigmaFrom)));
    return new AncestralStep(Math.sqrt(sigmaTo * sigmaTo - up * up), up);
  }
}
