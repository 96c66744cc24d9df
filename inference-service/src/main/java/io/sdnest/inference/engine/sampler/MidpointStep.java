package io.sdnest.inference.engine.sampler;

/**
 * One DPM2 step from σ to σ_target (shared by DPM2 and DPM2 a): d = (x − D(x, σ))/σ; σ_mid = sqrt(σ·σ_target);
 * x_2 = x + (σ_mid − σ)·d; x ← x + (σ_target − σ)·(x_2 − D(x_2, σ_mid))/σ_mid. With σ_target = 0 a plain Euler step.
 * The step updates its latent in place and keeps its two workspaces for the whole run.
 */
final class MidpointStep {

  private final float[] d;
  private final float[] midInput;
  private float[] x;
  private double sigma;
  private double target;
  private double sigmaMid;
  private boolean atMidpoint;

  MidpointStep(int size) {
    d = new float[size];
    midInput = new float[size];
  }

  /** Starts a step of {@code x}, which {@link #accept} updates in place when the step completes. */
  void begin(float[] x, double sigmaFrom, double sigmaTarget) {
    this.x = x;
    sigma = sigmaFrom;
    target = sigmaTarget;
    atMidpoint = false;
  }

  /** Takes a prediction; true when the step is complete, false when {@link #input()} at {@link #sigma()} is needed. */
  boolean accept(float[] denoised) {
    if (!atMidpoint) {
      VectorMath.derivativeInto(d, x, denoised, sigma);
      if (target == 0) {
        VectorMath.addScaledInto(x, x, target - sigma, d);
        return true;
      }
      sigmaMid = Math.exp((Math.log(sigma) + Math.log(target)) / 2);
      VectorMath.addScaledInto(midInput, x, sigmaMid - sigma, d);
      atMidpoint = true;
      return false;
    }
    VectorMath.derivativeInto(d, midInput, denoised, sigmaMid);
    VectorMath.addScaledInto(x, x, target - sigma, d);
    return true;
  }

  float[] input() {
    return midInput;
  }

  double sigma() {
    return sigmaMid;
  }
}
