package io.sdnest.inference.engine.pipeline;

/**
 * What rows must share to go into one UNet call: the latent size, the sample channels (4, or 9 with inpainting
 * conditioning) and the context length in tokens. Jobs of one pipeline with equal keys can be batched.
 */
public record BatchKey(int channels, int height, int width, int contextTokens, int contextDim) {

  public int sampleSize() {
    return channels * height * width;
  }

  public int contextSize() {
    return contextTokens * contextDim;
  }
}
