package io.sdnest.inference.engine.image;

/**
 * PIL's {@code Image.resize}: separable convolution resampling (horizontal pass first, each pass rounded to 8 bits,
 * coefficients in 22-bit fixed point, filter support widened by the scale when downscaling) and affine nearest
 * neighbour. Written from the behaviour of Pillow's Resample.c so results match A1111 pixel for pixel.
 */
public final class PilResize {

  public enum Filter {
    NEAREST(0),
    BILINEAR(1),
    BICUBIC(2),
    LANCZOS(3);

    final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double x) {
      return switch (this) {
        case BILINEAR -> {
          double ax = Math.abs(x);
          yield ax < 1.0 ? 1.0 - ax : 0.0;
        }
        case BICUBIC -> {
          final double a = -0.5;
          double ax = Math.abs(x);
          if (ax < 1.0) {
            yield ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
          }
          if (ax < 2.0) {
            yield (((ax - 5) * ax + 8) * ax - 4) * a;
          }
          yield 0.0;
        }
        case LANCZOS -> (-3.0 <= x && x < 3.0) ? sinc(x) * sinc(x / 3) : 0.0;
        case NEAREST -> throw new IllegalStateException("nearest has no convolution filter");
      };
    }

    private static double sinc(double x) {
      if (x == 0.0) {
        return 1.0;
      }
      double px = x * Math.PI;
      return Math.sin(px) / px;
    }
  }

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {
  }

  public static Bitmap resize(Bitmap in, int width, int height, Filter filter) {
    return resize(in, width, height, filter, 0, 0, in.width(), in.height());
  }

  /** {@code im.resize((width, height), filter, box=(x0, y0, x1, y1))}; the box is a float rectangle of the source. */
  public static Bitmap resize(Bitmap in, int width, int height, Filter filter, float x0, float y0, float x1, float y1) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("resize to " + width + "x" + height);
    }
    if (width == in.width() && height == in.height() && x0 == 0 && y0 == 0 && x1 == in.width() && y1 == in.height()) {
      return in.copy();
    }
    if (filter == Filter.NEAREST) {
      return nearest(in, width, height, x0, y0, x1, y1);
    }
    if (in.channels() == 4) {
      return PilModes.unpremultiply(convolve(PilModes.premultiply(in), width, height, filter, x0, y0, x1, y1));
    }
    return convolve(in, width, height, filter, x0, y0, x1, y1);
  }

  private static Bitmap convolve(Bitmap in, int width, int height, Filter filter, float x0, float y0, float x1,
      float y1) {
    boolean horizontal = width != in.width() || x0 != 0 || x1 != width;
    boolean vertical = height != in.height() || y0 != 0 || y1 != height;
    Bitmap out = in;
    if (horizontal) {
      out = horizontalPass(out, width, Coefficients.of(in.width(), x0, x1, width, filter));
    }
    if (vertical) {
      out = verticalPass(out, height, Coefficients.of(in.height(), y0, y1, height, filter));
    }
    return out == in ? in.copy() : out;
  }

  private static Bitmap horizontalPass(Bitmap in, int outWidth, Coefficients k) {
    int c = in.channels();
    byte[] src = in.data();
    byte[] dst = new byte[outWidth * in.height() * c];
    int[] ss = new int[c];
    for (int y = 0; y < in.height(); y++) {
      int rowIn = y * in.width() * c;
      int rowOut = y * outWidth * c;
      for (int xx = 0; xx < outWidth; xx++) {
        int xmin = k.bounds[xx * 2];
        int count = k.bounds[xx * 2 + 1];
        int kOff = xx * k.ksize;
        java.util.Arrays.fill(ss, 1 << (PRECISION_BITS - 1));
        for (int x = 0; x < count; x++) {
          int w = k.kk[kOff + x];
          int p = rowIn + (x + xmin) * c;
          for (int b = 0; b < c; b++) {
            ss[b] += (src[p + b] & 0xFF) * w;
          }
        }
        for (int b = 0; b < c; b++) {
          dst[rowOut + xx * c + b] = clip8(ss[b]);
        }
      }
    }
    return new Bitmap(outWidth, in.height(), c, dst);
  }

  private static Bitmap verticalPass(Bitmap in, int outHeight, Coefficients k) {
    int c = in.channels();
    int rowLen = in.width() * c;
    byte[] src = in.data();
    byte[] dst = new byte[rowLen * outHeight];
    int[] ss = new int[rowLen];
    for (int yy = 0; yy < outHeight; yy++) {
      int ymin = k.bounds[yy * 2];
      int count = k.bounds[yy * 2 + 1];
      java.util.Arrays.fill(ss, 1 << (PRECISION_BITS - 1));
      for (int y = 0; y < count; y++) {
        int w = k.kk[yy * k.ksize + y];
        int row = (y + ymin) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          ss[i] += (src[row + i] & 0xFF) * w;
        }
      }
      for (int i = 0; i < rowLen; i++) {
        dst[yy * rowLen + i] = clip8(ss[i]);
      }
    }
    return new Bitmap(in.width(), outHeight, c, dst);
  }

  private static byte clip8(int v) {
    if (v >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (v <= 0) {
      return 0;
    }
    return (byte) (v >> PRECISION_BITS);
  }

  /** Per output pixel: first source index, tap count, and fixed-point weights. */
  private record Coefficients(int ksize, int[] bounds, int[] kk) {

    static Coefficients of(int inSize, float in0, float in1, int outSize, Filter filter) {
      double scale = ((double) in1 - in0) / outSize;
      double filterscale = Math.max(scale, 1.0);
      double support = filter.support * filterscale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      int[] kk = new int[outSize * ksize];
      double[] k = new double[ksize];
      double ss = 1.0 / filterscale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = in0 + (xx + 0.5) * scale;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = filter.weight((x + xmin - center + 0.5) * ss);
          k[x] = w;
          ww += w;
        }
        for (int x = 0; x < xmax; x++) {
          double v = ww != 0.0 ? k[x] / ww : k[x];
          kk[xx * ksize + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = Math.max(xmax, 0);
      }
      return new Coefficients(ksize, bounds, kk);
    }
  }

  /** PIL's nearest resize: an affine scale sampling at pixel centres, coordinates accumulated as PIL does. */
  private static Bitmap nearest(Bitmap in, int width, int height, float x0, float y0, float x1, float y1) {
    double a0 = ((double) x1 - x0) / width;
    double a4 = ((double) y1 - y0) / height;
    int[] xin = new int[width];
    double xo = x0 + a0 * 0.5;
    for (int x = 0; x < width; x++) {
      xin[x] = coord(xo);
      xo += a0;
    }
    int c = in.channels();
    Bitmap out = Bitmap.blank(width, height, c);
    double yo = y0 + a4 * 0.5;
    for (int y = 0; y < height; y++, yo += a4) {
      int yi = coord(yo);
      if (yi < 0 || yi >= in.height()) {
        continue;
      }
      for (int x = 0; x < width; x++) {
        int xi = xin[x];
        if (xi >= 0 && xi < in.width()) {
          System.arraycopy(in.data(), (yi * in.width() + xi) * c, out.data(), (y * width + x) * c, c);
        }
      }
    }
    return out;
  }

  private static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }
}
