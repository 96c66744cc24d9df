package io.sdnest.inference.engine.sampler;

/**
 * Element-wise linear algebra on latents, written into a caller's array, which may be one of the operands (each
 * element is read before it is written), so runs can work in preallocated workspaces.
 */
public final class VectorMath {

  private VectorMath() {
  }

  /** out = a·x + b·y */
  public static float[] combineInto(float[] out, double a, float[] x, double b, float[] y) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a * x[i] + b * y[i]);
    }
    return out;
  }

  /** out = a·x + b·y + c·z */
  public static float[] combineInto(float[] out, double a, float[] x, double b, float[] y, double c, float[] z) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a * x[i] + b * y[i] + c * z[i]);
    }
    return out;
  }

  /** out = Σ c_k·v_k */
  public static float[] combineInto(float[] out, double[] coefficients, float[][] vectors) {
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int k = 0; k < coefficients.length; k++) {
        sum += coefficients[k] * vectors[k][i];
      }
      out[i] = (float) sum;
    }
    return out;
  }

  /** out = x + s·y */
  public static float[] addScaledInto(float[] out, float[] x, double s, float[] y) {
    return combineInto(out, 1, x, s, y);
  }

  /** out = (x − D)/σ, the Karras ODE derivative (k-diffusion {@code to_d}). */
  public static float[] derivativeInto(float[] out, float[] x, float[] denoised, double sigma) {
    return combineInto(out, 1 / sigma, x, -1 / sigma, denoised);
  }
}
