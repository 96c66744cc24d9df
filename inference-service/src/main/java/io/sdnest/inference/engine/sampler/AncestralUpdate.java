package io.sdnest.inference.engine.sampler;

import java.util.function.Supplier;

/** The Euler-ancestral update shared by Euler a and DDIM (which is the same step written in VP variables). */
final class AncestralUpdate {

  private AncestralUpdate() {
  }

  /**
   * x ← x + (σ_down − σ)·(x − D)/σ, plus σ_up·s_noise·z when σ_next > 0 (noise drawn then even if σ_up is 0, as
   * k-diffusion does, so the generator advances identically).
   */
  static float[] eulerAncestral(float[] x, float[] denoised, double sigma, double sigmaNext, double eta,
      double sNoise, Supplier<float[]> gaussian) {
    AncestralStep step = AncestralStep.of(sigma, sigmaNext, eta);
    float[] d = VectorMath.derivative(x, denoised, sigma);
    float[] out = VectorMath.addScaled(x, step.sigmaDown() - sigma, d);
    if (sigmaNext > 0) {
      out = VectorMath.addScaled(out, step.sigmaUp() * sNoise, gaussian.get());
    }
    return out;
  }
}
