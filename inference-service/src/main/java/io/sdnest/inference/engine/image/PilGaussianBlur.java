package io.sdnest.inference.engine.image;

/**
 * PIL's {@code ImageFilter.GaussianBlur(radius)}: three passes of an extended box blur per axis (box radius with a
 * fractional part, 24-bit fixed-point weights), edges extended by repeating the border pixel.
 */
public final class PilGaussianBlur {

  private static final int PASSES = 3;

  private PilGaussianBlur() {
  }

  public static Bitmap blur(Bitmap in, float radius) {
    if (radius == 0f) {
      return in.copy();
    }
    float boxRadius = boxRadius(radius);
    Bitmap out = in;
    for (int i = 0; i < PASSES; i++) {
      out = boxPass(out, boxRadius, true);
    }
    for (int i = 0; i < PASSES; i++) {
      out = boxPass(out, boxRadius, false);
    }
    return out;
  }

  /** The extended-box radius giving the Gaussian's variance over the passes (Gwosdek et al.), in float as PIL. */
  static float boxRadius(float radius) {
    float sigma2 = radius * radius / PASSES;
    float bigL = (float) Math.sqrt(12.0 * sigma2 + 1.0);
    float l = (float) Math.floor((bigL - 1.0) / 2.0);
    float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
    a /= 6 * (sigma2 - (l + 1) * (l + 1));
    return l + a;
  }

  private static Bitmap boxPass(Bitmap in, float floatRadius, boolean horizontal) {
    int radius = (int) floatRadius;
    long ww = (long) (16777216f / (floatRadius * 2 + 1)) & 0xFFFFFFFFL;
    long fw = (((1L << 24) - (radius * 2L + 1) * ww) / 2) & 0xFFFFFFFFL;
    int w = in.width();
    int h = in.height();
    int c = in.channels();
    int size = horizontal ? w : h;
    int lines = horizontal ? h : w;
    int edgeA = Math.min(radius + 1, size);
    int edgeB = Math.max(size - radius - 1, 0);
    int last = size - 1;
    byte[] src = in.data();
    byte[] dst = new byte[src.length];
    int[] line = new int[size];
    for (int l = 0; l < lines; l++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < size; i++) {
          line[i] = src[index(horizontal, l, i, w) * c + ch] & 0xFF;
        }
        long acc = (long) line[0] * (radius + 1);
        for (int x = 0; x < edgeA - 1; x++) {
          acc += line[x];
        }
        acc += (long) line[last] * (radius - edgeA + 1);
        for (int x = 0; x <= last; x++) {
          // Outside the line the border pixel repeats; PIL's three loops reduce to these clamped indices.
          int left = x < edgeA ? 0 : x - radius - 1;
          int add = x < edgeB ? x + radius : last;
          int far = x < edgeB ? x + radius + 1 : last;
          acc += line[add] - line[left];
          long bulk = ((acc & 0xFFFFFFFFL) * ww + (long) (line[left] + line[far]) * fw) & 0xFFFFFFFFL;
          dst[index(horizontal, l, x, w) * c + ch] = (byte) ((bulk + (1 << 23)) >>> 24);
        }
      }
    }
    return new Bitmap(w, h, c, dst);
  }

  private static int index(boolean horizontal, int line, int i, int width) {
    return horizontal ? line * width + i : i * width + line;
  }
}
