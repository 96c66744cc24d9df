package io.sdnest.inference.engine.image;

import java.util.Arrays;

/**
 * An 8-bit image stored interleaved, row-major. The channel count stands for PIL's mode: 1 = L, 2 = LA, 3 = RGB,
 * 4 = RGBA (or premultiplied RGBa where a method says so).
 */
public record Bitmap(int width, int height, int channels, byte[] data) {

  public Bitmap {
    if (width < 0 || height < 0 || channels < 1 || channels > 4) {
      throw new IllegalArgumentException("bad bitmap geometry " + width + "x" + height + "x" + channels);
    }
    if (data.length != width * height * channels) {
      throw new IllegalArgumentException("bitmap " + width + "x" + height + "x" + channels + " needs "
          + (width * height * channels) + " bytes, got " + data.length);
    }
  }

  public static Bitmap blank(int width, int height, int channels) {
    return new Bitmap(width, height, channels, new byte[width * height * channels]);
  }

  public static Bitmap filled(int width, int height, int... value) {
    byte[] data = new byte[width * height * value.length];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) value[i % value.length];
    }
    return new Bitmap(width, height, value.length, data);
  }

  /** Value 0..255 of channel {@code c} at (x, y). */
  public int get(int x, int y, int c) {
    return data[(y * width + x) * channels + c] & 0xFF;
  }

  public void set(int x, int y, int c, int value) {
    data[(y * width + x) * channels + c] = (byte) value;
  }

  public boolean hasAlpha() {
    return channels == 2 || channels == 4;
  }

  public Bitmap copy() {
    return new Bitmap(width, height, channels, data.clone());
  }

  /** PIL {@code crop((x1, y1, x2, y2))}: pixels outside the image become 0. */
  public Bitmap crop(int x1, int y1, int x2, int y2) {
    Bitmap out = blank(x2 - x1, y2 - y1, channels);
    out.paste(this, -x1, -y1);
    return out;
  }

  /** PIL {@code paste(src, (x, y))} without a mask; both must have the same channel count. Clips at the borders. */
  public void paste(Bitmap src, int x, int y) {
    if (src.channels != channels) {
      throw new IllegalArgumentException("paste needs the same channel count");
    }
    int sx0 = Math.max(0, -x);
    int sy0 = Math.max(0, -y);
    int sx1 = Math.min(src.width, width - x);
    int sy1 = Math.min(src.height, height - y);
    if (sx1 <= sx0) {
      return;
    }
    int rowBytes = (sx1 - sx0) * channels;
    for (int sy = sy0; sy < sy1; sy++) {
      System.arraycopy(src.data, (sy * src.width + sx0) * channels, data, ((sy + y) * width + sx0 + x) * channels, rowBytes);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bitmap b && b.width == width && b.height == height && b.channels == channels
        && Arrays.equals(b.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Bitmap[" + width + "x" + height + "x" + channels + "]";
  }
}
