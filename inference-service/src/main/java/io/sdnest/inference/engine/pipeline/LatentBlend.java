package io.sdnest.inference.engine.pipeline;

/**
 * A1111's latent-mask blending for inpainting: {@code x = init·(1 − m) + x·m}, m = 1 where the mask repaints,
 * applied to every prediction of the clean latent and to the sampler's result.
 *
 * @param init [C, h, w] the init latent (after the masked-content fill)
 * @param mask [h, w], broadcast over channels
 */
public record LatentBlend(float[] init, float[] mask) {

  /** Blends {@code x} in place. */
  public void apply(float[] x) {
    int plane = mask.length;
    for (int i = 0; i < x.length; i++) {
      float m = mask[i % plane];
      x[i] = init[i] * (1 - m) + x[i] * m;
    }
  }
}
