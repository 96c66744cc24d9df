package io.sdnest.inference.engine.image;

/** PIL's mode conversions with its integer rounding, so pixel values match what A1111 sees. */
public final class PilModes {

  private PilModes() {
  }

  /** {@code convert('L')}: ITU-R 601-2 luma in PIL's 16-bit fixed point; alpha is dropped. */
  public static Bitmap toL(Bitmap in) {
    if (in.channels() == 1) {
      return in;
    }
    int n = in.width() * in.height();
    byte[] src = in.data();
    byte[] out = new byte[n];
    int c = in.channels();
    for (int i = 0, p = 0; i < n; i++, p += c) {
      if (c <= 2) {
        out[i] = src[p];
      } else {
        int r = src[p] & 0xFF;
        int g = src[p + 1] & 0xFF;
        int b = src[p + 2] & 0xFF;
        out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16);
      }
    }
    return new Bitmap(in.width(), in.height(), 1, out);
  }

  /** {@code convert('RGB')}: grey is replicated, alpha is dropped (not composited). */
  public static Bitmap toRgb(Bitmap in) {
    if (in.channels() == 3) {
      return in;
    }
    return expand(in, 3);
  }

  /** {@code convert('RGBA')}: opaque alpha where the source has none. */
  public static Bitmap toRgba(Bitmap in) {
    if (in.channels() == 4) {
      return in;
    }
    return expand(in, 4);
  }

  private static Bitmap expand(Bitmap in, int channels) {
    int n = in.width() * in.height();
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[n * channels];
    for (int i = 0, p = 0, q = 0; i < n; i++, p += c, q += channels) {
      byte r;
      byte g;
      byte b;
      byte a;
      if (c <= 2) {
        r = g = b = src[p];
        a = c == 2 ? src[p + 1] : (byte) 255;
      } else {
        r = src[p];
        g = src[p + 1];
        b = src[p + 2];
        a = c == 4 ? src[p + 3] : (byte) 255;
      }
      out[q] = r;
      out[q + 1] = g;
      out[q + 2] = b;
      if (channels == 4) {
        out[q + 3] = a;
      }
    }
    return new Bitmap(in.width(), in.height(), channels, out);
  }

  /**
   * A1111 {@code images.flatten}: an RGBA image is pasted with its own alpha over an opaque background colour, every
   * other mode is just converted to RGB.
   */
  public static Bitmap flatten(Bitmap in, int bgR, int bgG, int bgB) {
    if (in.channels() != 4) {
      return toRgb(in);
    }
    int n = in.width() * in.height();
    byte[] src = in.data();
    byte[] out = new byte[n * 3];
    int[] bg = {bgR, bgG, bgB};
    for (int i = 0; i < n; i++) {
      int a = src[i * 4 + 3] & 0xFF;
      for (int k = 0; k < 3; k++) {
        out[i * 3 + k] = (byte) blend(a, bg[k], src[i * 4 + k] & 0xFF);
      }
    }
    return new Bitmap(in.width(), in.height(), 3, out);
  }

  /** PIL's BLEND macro: {@code in1 * (255 - mask) + in2 * mask}, divided by 255 with rounding. */
  static int blend(int mask, int in1, int in2) {
    return div255(in1 * (255 - mask) + in2 * mask);
  }

  /** PIL's DIV255 / MULDIV255 rounding division by 255. */
  static int div255(int v) {
    int tmp = v + 128;
    return ((tmp >>> 8) + tmp) >>> 8;
  }

  /** {@code convert('RGBa')} from RGBA: colour multiplied by alpha. */
  public static Bitmap premultiply(Bitmap rgba) {
    requireChannels(rgba, 4);
    byte[] src = rgba.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 4) {
      int a = src[p + 3] & 0xFF;
      out[p] = (byte) div255((src[p] & 0xFF) * a);
      out[p + 1] = (byte) div255((src[p + 1] & 0xFF) * a);
      out[p + 2] = (byte) div255((src[p + 2] & 0xFF) * a);
      out[p + 3] = (byte) a;
    }
    return new Bitmap(rgba.width(), rgba.height(), 4, out);
  }

  /** {@code convert('RGBA')} from RGBa: colour divided by alpha (integer division, clipped). */
  public static Bitmap unpremultiply(Bitmap rgbPremultiplied) {
    requireChannels(rgbPremultiplied, 4);
    byte[] src = rgbPremultiplied.data();
    byte[] out = src.clone();
    for (int p = 0; p < src.length; p += 4) {
      int a = src[p + 3] & 0xFF;
      if (a != 0 && a != 255) {
        for (int k = 0; k < 3; k++) {
          out[p + k] = (byte) Math.min(255, (255 * (src[p + k] & 0xFF)) / a);
        }
      }
    }
    return new Bitmap(rgbPremultiplied.width(), rgbPremultiplied.height(), 4, out);
  }

  /** {@code ImageOps.invert} on an L image. */
  public static Bitmap invert(Bitmap l) {
    requireChannels(l, 1);
    byte[] out = l.data().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (255 - (out[i] & 0xFF));
    }
    return new Bitmap(l.width(), l.height(), 1, out);
  }

  /**
   * PIL {@code paste(src, box, mask)} with an L mask the size of {@code src}: each byte becomes
   * {@code BLEND(mask, dst, src)}; alpha bytes included, as PIL does.
   */
  public static void pasteWithMask(Bitmap dst, Bitmap src, Bitmap mask, int x, int y) {
    requireChannels(mask, 1);
    if (src.channels() != dst.channels() || mask.width() != src.width() || mask.height() != src.height()) {
      throw new IllegalArgumentException("paste mask and source do not match");
    }
    int c = src.channels();
    for (int sy = Math.max(0, -y); sy < Math.min(src.height(), dst.height() - y); sy++) {
      for (int sx = Math.max(0, -x); sx < Math.min(src.width(), dst.width() - x); sx++) {
        int m = mask.data()[sy * src.width() + sx] & 0xFF;
        int si = (sy * src.width() + sx) * c;
        int di = ((sy + y) * dst.width() + sx + x) * c;
        for (int k = 0; k < c; k++) {
          dst.data()[di + k] = (byte) blend(m, dst.data()[di + k] & 0xFF, src.data()[si + k] & 0xFF);
        }
      }
    }
  }

  /** PIL {@code Image.alpha_composite(dst, src)} on RGBA images of the same size; returns a new image. */
  public static Bitmap alphaComposite(Bitmap dst, Bitmap src) {
    requireChannels(dst, 4);
    requireChannels(src, 4);
    byte[] d = dst.data();
    byte[] s = src.data();
    byte[] out = new byte[d.length];
    final int precision = 7;
    for (int p = 0; p < d.length; p += 4) {
      long sa = s[p + 3] & 0xFF;
      if (sa == 0) {
        System.arraycopy(d, p, out, p, 4);
        continue;
      }
      long da = d[p + 3] & 0xFF;
      long blend = da * (255 - sa);
      long outa255 = sa * 255 + blend;
      long coef1 = (sa * 255 * 255 * (1L << precision) / outa255) & 0xFFFFFFFFL;
      long coef2 = 255L * (1 << precision) - coef1;
      for (int k = 0; k < 3; k++) {
        long tmp = ((s[p + k] & 0xFF) * coef1 + (d[p + k] & 0xFF) * coef2) & 0xFFFFFFFFL;
        out[p + k] = (byte) (shiftForDiv255(tmp + (0x80L << precision)) >>> precision);
      }
      out[p + 3] = (byte) shiftForDiv255(outa255 + 0x80);
    }
    return new Bitmap(dst.width(), dst.height(), 4, out);
  }

  private static long shiftForDiv255(long a) {
    return ((a >>> 8) + a) >>> 8;
  }

  static void requireChannels(Bitmap b, int channels) {
    if (b.channels() != channels) {
      throw new IllegalArgumentException("expected " + channels + " channels, got " + b.channels());
    }
  }
}
