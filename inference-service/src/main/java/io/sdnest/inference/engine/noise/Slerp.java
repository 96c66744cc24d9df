package io.sdnest.inference.engine.noise;

/**
 * A1111's {@code rng.slerp} on a [C, H, W] latent: spherical interpolation of each (channel, column) vector along H
 * (it normalises over dim 1), falling back to a linear blend with A1111's weights when the mean cosine exceeds 0.9995.
 */
public final class Slerp {

  private Slerp() {
  }

  /** slerp(val, low, high) for latents of shape [channels, height, width]. */
  public static float[] of(double val, float[] low, float[] high, int channels, int height, int width) {
    int columns = channels * width;
    double[] dot = new double[columns];
    double meanDot = 0;
    for (int c = 0; c < channels; c++) {
      for (int xw = 0; xw < width; xw++) {
        double nl = 0;
        double nh = 0;
        double d = 0;
        for (int y = 0; y < height; y++) {
          int i = (c * height + y) * width + xw;
          nl += (double) low[i] * low[i];
          nh += (double) high[i] * high[i];
          d += (double) low[i] * high[i];
        }
        dot[c * width + xw] = d / (Math.sqrt(nl) * Math.sqrt(nh));
        meanDot += dot[c * width + xw];
      }
    }
    float[] out = new float[low.length];
    if (meanDot / columns > 0.9995) {
      // A1111 weights low by val here (the reverse of the spherical branch); kept for identical images
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (low[i] * val + high[i] * (1 - val));
      }
      return out;
    }
    for (int c = 0; c < channels; c++) {
      for (int xw = 0; xw < width; xw++) {
        double omega = Math.acos(dot[c * width + xw]);
        double so = Math.sin(omega);
        double a = Math.sin((1 - val) * omega) / so;
        double b = Math.sin(val * omega) / so;
        for (int y = 0; y < height; y++) {
          int i = (c * height + y) * width + xw;
          out[i] = (float) (a * low[i] + b * high[i]);
        }
      }
    }
    return out;
  }
}
