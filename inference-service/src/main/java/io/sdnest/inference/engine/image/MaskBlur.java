package io.sdnest.inference.engine.image;

/**
 * A1111's {@code mask_blur}: {@code cv2.GaussianBlur} along x with kernel size {@code 2*int(2.5*blur+0.5)+1} and sigma
 * {@code blur}, then the same along y. Uses OpenCV's 8-bit fixed-point scheme (kernel in 1/256 steps with error
 * diffusion, rounded result) and its default BORDER_REFLECT_101.
 */
public final class MaskBlur {

  private MaskBlur() {
  }

  public static Bitmap blur(Bitmap maskL, int blurX, int blurY) {
    PilModes.requireChannels(maskL, 1);
    Bitmap out = maskL;
    if (blurX > 0) {
      out = pass(out, kernel(blurX), true);
    }
    if (blurY > 0) {
      out = pass(out, kernel(blurY), false);
    }
    return out;
  }

  /** The fixed-point Gaussian kernel for sigma {@code blur}, summing to 256. */
  static int[] kernel(int blur) {
    int n = 2 * (int) (2.5 * blur + 0.5) + 1;
    int half = (n - 1) / 2;
    double scale = -0.125 / ((double) blur * blur);
    double[] values = new double[half];
    double sum = 0;
    for (int i = 0, x = 1 - n; i < half; i++, x += 2) {
      values[i] = Math.exp((double) x * x * scale);
      sum += values[i];
    }
    sum = sum * 2 + 1;
    int[] k = new int[n];
    double err = 0;
    int total = 0;
    for (int i = 0; i < half; i++) {
      double adj = values[i] / sum * 256 + err;
      int v = (int) Math.rint(adj);
      err = adj - v;
      k[i] = v;
      k[n - 1 - i] = v;
      total += v;
    }
    k[half] = 256 - 2 * total;
    return k;
  }

  private static Bitmap pass(Bitmap in, int[] k, boolean horizontal) {
    int w = in.width();
    int h = in.height();
    int len = horizontal ? w : h;
    int lines = horizontal ? h : w;
    int half = k.length / 2;
    byte[] src = in.data();
    byte[] dst = new byte[src.length];
    int[] line = new int[len];
    for (int l = 0; l < lines; l++) {
      for (int i = 0; i < len; i++) {
        line[i] = src[horizontal ? l * w + i : i * w + l] & 0xFF;
      }
      for (int i = 0; i < len; i++) {
        int acc = 0;
        for (int j = 0; j < k.length; j++) {
          acc += line[reflect101(i + j - half, len)] * k[j];
        }
        int v = Math.min(255, (acc + 128) >> 8);
        dst[horizontal ? l * w + i : i * w + l] = (byte) v;
      }
    }
    return new Bitmap(w, h, 1, dst);
  }

  private static int reflect101(int i, int len) {
    if (len == 1) {
      return 0;
    }
    while (i < 0 || i >= len) {
      i = i < 0 ? -i : 2 * len - 2 - i;
    }
    return i;
  }
}
