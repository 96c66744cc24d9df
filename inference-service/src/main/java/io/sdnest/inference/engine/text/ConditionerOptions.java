package io.sdnest.inference.engine.text;

/**
 * How prompts become conditioning.
 *
 * @param clipSkip              A1111's {@code CLIP_stop_at_last_layers}: 1 = last layer
 * @param emphasis              A1111's {@code emphasis} option
 * @param commaPaddingBacktrack A1111's {@code comma_padding_backtrack}: 0 disables moving text after a comma
 * @param maxChunks             the longest prompt accepted, in chunks of 75 tokens
 */
public record ConditionerOptions(int clipSkip, Emphasis emphasis, int commaPaddingBacktrack, int maxChunks) {

  /** A1111's defaults and a limit of 8 chunks (600 tokens). */
  public static ConditionerOptions defaults() {
    return new ConditionerOptions(1, Emphasis.ORIGINAL, 20, 8);
  }

  public ConditionerOptions withClipSkip(int newClipSkip) {
    return new ConditionerOptions(newClipSkip, emphasis, commaPaddingBacktrack, maxChunks);
  }

  public ConditionerOptions withMaxChunks(int newMaxChunks) {
    return new ConditionerOptions(clipSkip, emphasis, commaPaddingBacktrack, newMaxChunks);
  }
}
