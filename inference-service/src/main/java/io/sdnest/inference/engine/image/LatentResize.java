package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * {@code torch.nn.functional.interpolate(x, size=(h, w), mode, antialias)} with {@code align_corners=False} on the last
 * two axes of a float tensor, as A1111's latent upscale uses it. Index arithmetic in float like torch's CPU kernels.
 */
public final class LatentResize {

  public enum Mode {
    NEAREST,
    NEAREST_EXACT,
    BILINEAR,
    BICUBIC
  }

  private static final float CUBIC_A = -0.75f;

  private LatentResize() {
  }

  public static FloatTensor interpolate(FloatTensor in, int outH, int outW, Mode mode, boolean antialias) {
    if (in.rank() < 2) {
      throw new IllegalArgumentException("interpolate needs [..., h, w], got " + in);
    }
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("interpolate to " + outH + "x" + outW);
    }
    int r = in.rank();
    int inH = (int) in.dim(r - 2);
    int inW = (int) in.dim(r - 1);
    int planes = in.data().length / (inH * inW);
    long[] shape = in.shape().clone();
    shape[r - 2] = outH;
    shape[r - 1] = outW;
    float[] out = new float[planes * outH * outW];
    for (int p = 0; p < planes; p++) {
      float[] plane = new float[inH * inW];
      System.arraycopy(in.data(), p * inH * inW, plane, 0, plane.length);
      float[] res = antialias && (mode == Mode.BILINEAR || mode == Mode.BICUBIC)
          ? antialiased(plane, inH, inW, outH, outW, mode == Mode.BICUBIC)
          : plain(plane, inH, inW, outH, outW, mode);
      System.arraycopy(res, 0, out, p * outH * outW, res.length);
    }
    return new FloatTensor(out, shape);
  }

  private static float[] plain(float[] x, int inH, int inW, int outH, int outW, Mode mode) {
    float[] out = new float[outH * outW];
    float sh = (float) inH / outH;
    float sw = (float) inW / outW;
    switch (mode) {
      case NEAREST, NEAREST_EXACT -> {
        boolean exact = mode == Mode.NEAREST_EXACT;
        for (int oy = 0; oy < outH; oy++) {
          int iy = nearest(oy, inH, outH, sh, exact);
          for (int ox = 0; ox < outW; ox++) {
            out[oy * outW + ox] = x[iy * inW + nearest(ox, inW, outW, sw, exact)];
          }
        }
      }
      case BILINEAR -> {
        for (int oy = 0; oy < outH; oy++) {
          float ry = linearSource(sh, oy);
          int y0 = (int) ry;
          int yp = y0 < inH - 1 ? 1 : 0;
          float ly1 = ry - y0;
          float ly0 = 1.0f - ly1;
          for (int ox = 0; ox < outW; ox++) {
            float rx = linearSource(sw, ox);
            int x0 = (int) rx;
            int xp = x0 < inW - 1 ? 1 : 0;
            float lx1 = rx - x0;
            float lx0 = 1.0f - lx1;
            int a = y0 * inW + x0;
            int b = (y0 + yp) * inW + x0;
            out[oy * outW + ox] = ly0 * (lx0 * x[a] + lx1 * x[a + xp]) + ly1 * (lx0 * x[b] + lx1 * x[b + xp]);
          }
        }
      }
      case BICUBIC -> {
        float[] rowVals = new float[4];
        for (int oy = 0; oy < outH; oy++) {
          float ry = sh * (oy + 0.5f) - 0.5f;
          int iy = (int) Math.floor(ry);
          float[] wy = cubicWeights(ry - iy);
          for (int ox = 0; ox < outW; ox++) {
            float rx = sw * (ox + 0.5f) - 0.5f;
            int ix = (int) Math.floor(rx);
            float[] wx = cubicWeights(rx - ix);
            for (int k = 0; k < 4; k++) {
              int yy = clamp(iy - 1 + k, inH) * inW;
              rowVals[k] = x[yy + clamp(ix - 1, inW)] * wx[0] + x[yy + clamp(ix, inW)] * wx[1]
                  + x[yy + clamp(ix + 1, inW)] * wx[2] + x[yy + clamp(ix + 2, inW)] * wx[3];
            }
            out[oy * outW + ox] = rowVals[0] * wy[0] + rowVals[1] * wy[1] + rowVals[2] * wy[2] + rowVals[3] * wy[3];
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    return out;
  }

  private static int nearest(int dst, int inSize, int outSize, float scale, boolean exact) {
    if (!exact) {
      if (outSize == inSize) {
        return dst;
      }
      if (outSize == 2 * inSize) {
        return dst >> 1;
      }
      return Math.min((int) Math.floor(dst * scale), inSize - 1);
    }
    return Math.min((int) Math.floor((dst + 0.5f) * scale), inSize - 1);
  }

  private static float linearSource(float scale, int dst) {
    float src = scale * (dst + 0.5f) - 0.5f;
    return src < 0 ? 0 : src;
  }

  private static float[] cubicWeights(float t) {
    return new float[] {
        cubic2(t + 1.0f), cubic1(t), cubic1(1.0f - t), cubic2(2.0f - t)
    };
  }

  private static float cubic1(float x) {
    return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
  }

  private static float cubic2(float x) {
    return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
  }

  private static int clamp(int i, int size) {
    return Math.max(0, Math.min(i, size - 1));
  }

  /** torch's antialiased separable resampling (PIL-style support widening; bicubic with a = -0.5). */
  private static float[] antialiased(float[] x, int inH, int inW, int outH, int outW, boolean cubic) {
    Taps tw = Taps.of(inW, outW, cubic);
    Taps th = Taps.of(inH, outH, cubic);
    float[] mid = new float[inH * outW];
    for (int y = 0; y < inH; y++) {
      for (int ox = 0; ox < outW; ox++) {
        float s = 0;
        for (int j = 0; j < tw.size[ox]; j++) {
          s += x[y * inW + tw.min[ox] + j] * tw.weights[ox][j];
        }
        mid[y * outW + ox] = s;
      }
    }
    float[] out = new float[outH * outW];
    for (int oy = 0; oy < outH; oy++) {
      for (int ox = 0; ox < outW; ox++) {
        float s = 0;
        for (int j = 0; j < th.size[oy]; j++) {
          s += mid[(th.min[oy] + j) * outW + ox] * th.weights[oy][j];
        }
        out[oy * outW + ox] = s;
      }
    }
    return out;
  }

  private record Taps(int[] min, int[] size, float[][] weights) {

    static Taps of(int in, int out, boolean cubic) {
      double scale = (double) in / out;
      double half = cubic ? 2.0 : 1.0;
      double support = scale >= 1.0 ? half * scale : half;
      double invscale = scale >= 1.0 ? 1.0 / scale : 1.0;
      int[] min = new int[out];
      int[] size = new int[out];
      float[][] weights = new float[out][];
      for (int i = 0; i < out; i++) {
        double center = scale * (i + 0.5);
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xsize = Math.min((int) (center + support + 0.5), in) - xmin;
        double[] w = new double[Math.max(xsize, 0)];
        double total = 0;
        for (int j = 0; j < w.length; j++) {
          w[j] = filter((j + xmin - center + 0.5) * invscale, cubic);
          total += w[j];
        }
        weights[i] = new float[w.length];
        for (int j = 0; j < w.length; j++) {
          weights[i][j] = (float) (total != 0 ? w[j] / total : w[j]);
        }
        min[i] = xmin;
        size[i] = w.length;
      }
      return new Taps(min, size, weights);
    }

    private static double filter(double x, boolean cubic) {
      double ax = Math.abs(x);
      if (!cubic) {
        return ax < 1.0 ? 1.0 - ax : 0.0;
      }
      final double a = -0.5;
      if (ax < 1.0) {
        return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
      }
      if (ax < 2.0) {
        return (((ax - 5) * ax + 8) * ax - 4) * a;
      }
      return 0.0;
    }
  }
}
