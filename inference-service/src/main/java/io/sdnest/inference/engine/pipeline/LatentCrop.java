package io.sdnest.inference.engine.pipeline;

/**
 * A1111's hires-fix crop in latent space: {@code samples[:, :, ty//2 : H-(ty+1)//2, tx//2 : W-(tx+1)//2]}, which
 * brings a cover-sized upscale to the requested aspect.
 */
final class LatentCrop {

  private LatentCrop() {
  }

  /**
   * @param latent   [channels, height, width]
   * @param truncX   latent columns to remove, half (rounded down) on the left
   * @param truncY   latent rows to remove, half (rounded down) at the top
   */
  static float[] crop(float[] latent, int channels, int height, int width, int truncX, int truncY) {
    if (truncX == 0 && truncY == 0) {
      return latent;
    }
    int top = truncY / 2;
    int left = truncX / 2;
    int h = height - truncY;
    int w = width - truncX;
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(latent, (c * height + top + y) * width + left, out, (c * h + y) * w, w);
      }
    }
    return out;
  }
}
