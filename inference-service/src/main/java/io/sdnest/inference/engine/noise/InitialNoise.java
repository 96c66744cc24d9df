package io.sdnest.inference.engine.noise;

/**
 * The starting noise of one image and its generator for later (ancestral) noise, as A1111's {@code ImageRNG} with the
 * NV source: the image's generator draws the [C, H, W] noise first and then continues for the sampler; a variation
 * subseed blends in noise from a fresh generator by {@link Slerp}; seed_resize_from_w/h draws the noise at that other
 * size from a fresh generator and pastes it centred into the image generator's own full-size draw.
 */
public final class InitialNoise {

  private final float[] noise;
  private final NoiseSource continuation;

  private InitialNoise(float[] noise, NoiseSource continuation) {
    this.noise = noise;
    this.continuation = continuation;
  }

  /**
   * @param seedResizeFromW pixels; effective only when it and seedResizeFromH are both > 0
   * @param etaNoiseSeedDelta A1111's ENSD option: when non-zero the later noise comes from seed + ENSD instead
   */
  public static InitialNoise create(long seed, long subseed, double subseedStrength, int seedResizeFromW,
      int seedResizeFromH, int channels, int latentHeight, int latentWidth, long etaNoiseSeedDelta) {
    boolean resized = seedResizeFromW > 0 && seedResizeFromH > 0;
    int noiseH = resized ? seedResizeFromH / 8 : latentHeight;
    int noiseW = resized ? seedResizeFromW / 8 : latentWidth;
    NvGenerator generator = new NvGenerator(seed);

    float[] subnoise = subseedStrength != 0 ? new NvGenerator(subseed).next(channels * noiseH * noiseW) : null;
    float[] noise = resized ? new NvGenerator(seed).next(channels * noiseH * noiseW)
        : generator.next(channels * latentHeight * latentWidth);
    if (subnoise != null) {
      noise = Slerp.of(subseedStrength, noise, subnoise, channels, noiseH, noiseW);
    }
    if (resized) {
      float[] full = generator.next(channels * latentHeight * latentWidth);
      paste(noise, noiseH, noiseW, full, latentHeight, latentWidth, channels);
      noise = full;
    }
    NoiseSource continuation = etaNoiseSeedDelta != 0 ? new NvGenerator(seed + etaNoiseSeedDelta) : generator;
    return new InitialNoise(noise, continuation);
  }

  /** Copies the centred overlap of {@code src} [C, sh, sw] into {@code dst} [C, dh, dw]. */
  private static void paste(float[] src, int sh, int sw, float[] dst, int dh, int dw, int channels) {
    int dx = Math.floorDiv(dw - sw, 2);
    int dy = Math.floorDiv(dh - sh, 2);
    int w = dx >= 0 ? sw : sw + 2 * dx;
    int h = dy >= 0 ? sh : sh + 2 * dy;
    int tx = Math.max(dx, 0);
    int ty = Math.max(dy, 0);
    int sx = Math.max(-dx, 0);
    int sy = Math.max(-dy, 0);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, (c * sh + sy + y) * sw + sx, dst, (c * dh + ty + y) * dw + tx, w);
      }
    }
  }

  /** The unit-variance starting noise, [C, H, W] row-major (multiply by the sampler's initial noise scale). */
  public float[] noise() {
    return noise;
  }

  /** This image's generator after the initial draw: the source for the sampler's noise. */
  public NoiseSource continuation() {
    return continuation;
  }
}
