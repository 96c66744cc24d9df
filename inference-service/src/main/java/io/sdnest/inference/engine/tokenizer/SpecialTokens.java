package io.sdnest.inference.engine.tokenizer;

/**
 * The special tokens of a CLIP tokenizer and its sequence length, as {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} give them.
 *
 * @param pad {@code <|endoftext|>} for SD 1.x, {@code !} for SD 2.x (OpenCLIP's zero padding)
 */
public record SpecialTokens(String bos, String eos, String pad, String unk, int maxLength) {

  public static final String START_OF_TEXT = "<|startoftext|>";
  public static final String END_OF_TEXT = "<|endoftext|>";
  /** CLIP's context length; also used when a config leaves {@code model_max_length} unset or absurd. */
  public static final int CLIP_MAX_LENGTH = 77;

  /** The SD 1.x conventions (transformers' CLIPTokenizer defaults). */
  public static SpecialTokens clipDefaults() {
    return new SpecialTokens(START_OF_TEXT, END_OF_TEXT, END_OF_TEXT, END_OF_TEXT, CLIP_MAX_LENGTH);
  }

  public SpecialTokens withPad(String newPad) {
    return new SpecialTokens(bos, eos, newPad, unk, maxLength);
  }
}
