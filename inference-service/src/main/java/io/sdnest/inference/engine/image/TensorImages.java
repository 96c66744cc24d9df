package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.tensor.FloatTensor;

/** Between the VAE's [-1, 1] float tensors and 8-bit RGB images, with A1111's arithmetic (float32, truncation). */
public final class TensorImages {

  private TensorImages() {
  }

  /** A {@code [3,H,W]} decoder output to RGB. */
  public static Bitmap toBitmap(FloatTensor chw) {
    if (chw.rank() != 3 || chw.dim(0) != 3) {
      throw new IllegalArgumentException("expected [3,H,W], got " + chw);
    }
    return toBitmap(chw.data(), 0, (int) chw.dim(1), (int) chw.dim(2));
  }

  /** Image {@code index} of a {@code [B,3,H,W]} decoder output to RGB. */
  public static Bitmap toBitmap(FloatTensor bchw, int index) {
    if (bchw.rank() != 4 || bchw.dim(1) != 3) {
      throw new IllegalArgumentException("expected [B,3,H,W], got " + bchw);
    }
    int h = (int) bchw.dim(2);
    int w = (int) bchw.dim(3);
    return toBitmap(bchw.data(), index * 3 * h * w, h, w);
  }

  /**
   * A1111: {@code clamp((x + 1) / 2, 0, 1)}, then {@code 255. * x} in float32 and {@code astype(uint8)}, which
   * truncates.
   */
  private static Bitmap toBitmap(float[] data, int offset, int h, int w) {
    int plane = h * w;
    byte[] out = new byte[plane * 3];
    for (int c = 0; c < 3; c++) {
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        float v = (data[base + i] + 1.0f) / 2.0f;
        v = v < 0f ? 0f : Math.min(v, 1f);
        out[i * 3 + c] = (byte) (int) (255.0f * v);
      }
    }
    return new Bitmap(w, h, 3, out);
  }

  /** An RGB image to the VAE encoder's {@code [3,H,W]} input: {@code 2 * (v / 255) - 1} in float32. */
  public static FloatTensor toTensor(Bitmap rgb) {
    PilModes.requireChannels(rgb, 3);
    int plane = rgb.width() * rgb.height();
    float[] out = new float[plane * 3];
    byte[] src = rgb.data();
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        float x = (src[i * 3 + c] & 0xFF) / 255.0f;
        out[c * plane + i] = 2.0f * x - 1.0f;
      }
    }
    return new FloatTensor(out, new long[] {3, rgb.height(), rgb.width()});
  }
}
