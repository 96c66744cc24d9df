package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;

/**
 * A1111's "Approx cheap" live preview: a fixed linear map from the four SD 1.x latent channels to RGB, one pixel per
 * latent pixel. Cheap enough to run every few steps.
 */
public final class LatentPreview {

  /** Rows: latent channels; columns: R, G, B (A1111 {@code sd_vae_approx.cheap_approximation}, SD 1.x). */
  private static final float[][] COEFFICIENTS = {
      {0.298f, 0.207f, 0.208f},
      {0.187f, 0.286f, 0.173f},
      {-0.158f, 0.189f, 0.264f},
      {-0.184f, -0.271f, -0.473f}};

  private LatentPreview() {
  }

  /** {@code latent} is [4, h, w]. */
  public static Bitmap of(float[] latent, int height, int width) {
    int plane = height * width;
    byte[] out = new byte[plane * 3];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        float v = 0;
        for (int k = 0; k < 4; k++) {
          v += latent[k * plane + i] * COEFFICIENTS[k][c];
        }
        float unit = Math.max(0f, Math.min(1f, (v + 1f) / 2f));
        out[i * 3 + c] = (byte) (int) (unit * 255f);
      }
    }
    return new Bitmap(width, height, 3, out);
  }
}
