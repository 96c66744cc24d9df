package io.sdnest.inference.engine.pipeline;

/**
 * What the engine accepts from one request.
 *
 * @param maxSteps        sampling steps per pass
 * @param maxSize         width and height in pixels, also of the hires target
 * @param maxImages       batch_size × n_iter
 * @param maxPromptChunks prompt length in chunks of 75 tokens
 */
public record GenerationLimits(int maxSteps, int maxSize, int maxImages, int maxPromptChunks) {

  public static GenerationLimits defaults() {
    return new GenerationLimits(150, 2048, 64, 8);
  }
}
