package io.sdnest.inference.engine.sampler;

/**
 * One DPM2 step from σ to σ_target (shared by DPM2 and DPM2 a): d = (x − D(x, σ))/σ; σ_mid = sqrt(σ·σ_target);
 * x_2 = x + (σ_mid − σ)·d; x ← x + (σ_target − σ)·(x_2 − D(x_2, σ_mid))/σ_mid. With σ_target = 0 a plain Euler step.
 */
final class MidpointStep {

  private float[] start;
  private double sigma;
  private double target;
  private double sigmaMid;
  private float[] midInput;
  private float[] result;

  void begin(float[] x, double sigmaFrom, double sigmaTarget) {
    start = x;
    sigma = sigmaFrom;
    target = sigmaTarget;
    midInput = null;
    result = null;
  }

  /** Takes a prediction; true when the step is complete, false when {@link #input()} at {@link #sigma()} is needed. */
  boolean accept(float[] denoised) {
    if (midInput == null) {
      float[] d = VectorMath.derivative(start, denoised, sigma);
      if (target == 0) {
        result = VectorMath.addScaled(start, target - sigma, d);
        return true;
      }
      sigmaMid = Math.exp((Math.log(sigma) + Math.log(target)) / 2);
      midInput = VectorMath.addScaled(start, sigmaMid - sigma, d);
      return false;
    }
    float[] d2 = VectorMath.derivative(midInput, denoised, sigmaMid);
    result = VectorMath.addScaled(start, target - sigma, d2);
    return true;
  }

  float[] input() {
    return midInput;
  }

  double sigma() {
    return sigmaMid;
  }

  float[] result() {
    return result;
  }
}
