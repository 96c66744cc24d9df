package io.sdnest.inference.engine.prompt;

/**
 * A run of prompt text and its attention weight, as A1111's {@code parse_prompt_attention} returns it. {@code BREAK}
 * is represented the way A1111 does it, as the text {@code BREAK} with weight -1, so that a BREAK inside brackets
 * (whose weight the brackets change) is taken as the plain word just as A1111 takes it.
 */
public record WeightedText(String text, double weight) {

  public static final WeightedText BREAK = new WeightedText("BREAK", -1);

  public boolean isBreak() {
    return text.equals(BREAK.text) && weight == BREAK.weight;
  }
}
