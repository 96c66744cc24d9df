package io.sdnest.inference.engine.sampler;

/** The Euler-ancestral update shared by Euler a and DDIM (which is the same step written in VP variables). */
final class AncestralUpdate {

  private AncestralUpdate() {
  }

  /**
   * x ← x + (σ_down − σ)·(x − D)/σ, plus σ_up·s_noise·z when σ_next > 0 (noise drawn then even if σ_up is 0, as
   * k-diffusion does, so the generator advances identically). Updates the run's latent in place; {@code d} is a
   * workspace.
   */
  static void eulerAncestral(StepRun run, float[] denoised, float[] d, double sigma, double sigmaNext, double eta,
      double sNoise) {
    float[] x = run.x;
    AncestralStep step = AncestralStep.of(sigma, sigmaNext, eta);
    VectorMath.derivativeInto(d, x, denoised, sigma);
    VectorMath.addScaledInto(x, x, step.sigmaDown() - sigma, d);
    if (sigmaNext > 0) {
      VectorMath.addScaledInto(x, x, step.sigmaUp() * sNoise, run.gaussian());
    }
  }
}
