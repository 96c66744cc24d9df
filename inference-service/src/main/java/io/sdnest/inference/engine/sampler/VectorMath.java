package io.sdnest.inference.engine.sampler;

/** Element-wise linear algebra on latents; every operation returns a new array (runs never mutate handed-out data). */
public final class VectorMath {

  private VectorMath() {
  }

  /** a·x + b·y */
  public static float[] combine(double a, float[] x, double b, float[] y) {
    float[] out = new float[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a * x[i] + b * y[i]);
    }
    return out;
  }

  /** a·x + b·y + c·z */
  public static float[] combine(double a, float[] x, double b, float[] y, double c, float[] z) {
    float[] out = new float[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a * x[i] + b * y[i] + c * z[i]);
    }
    return out;
  }

  /** Σ c_k·v_k */
  public static float[] combine(double[] coefficients, float[][] vectors) {
    float[] out = new float[vectors[0].length];
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int k = 0; k < coefficients.length; k++) {
        sum += coefficients[k] * vectors[k][i];
      }
      out[i] = (float) sum;
    }
    return out;
  }

  /** x + s·y */
  public static float[] addScaled(float[] x, double s, float[] y) {
    return combine(1, x, s, y);
  }

  /** The Karras ODE derivative d = (x − D)/σ (k-diffusion {@code to_d}). */
  public static float[] derivative(float[] x, float[] denoised, double sigma) {
    return combine(1 / sigma, x, -1 / sigma, denoised);
  }
}
