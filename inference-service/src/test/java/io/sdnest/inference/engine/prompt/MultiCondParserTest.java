package io.sdnest.inference.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultiCondParserTest {

  @Test
  void splitsAtAndWithOptionalWeights() {
    assertThat(MultiCondParser.parse("a cat AND a dog:1.2 AND grass :-0.5")).containsExactly(
        new WeightedPrompt("a cat", 1.0),
        new WeightedPrompt(" a dog", 1.2),
        new WeightedPrompt(" grass", -0.5));
  }

  @Test
  void promptWithoutAndIsOnePartAndATrailingWeightIsTakenOff() {
    assertThat(MultiCondParser.parse("a photo of a cat")).containsExactly(new WeightedPrompt("a photo of a cat", 1.0));
    assertThat(MultiCondParser.parse("a photo:1.5")).containsExactly(new WeightedPrompt("a photo", 1.5));
  }

  @Test
  void andMustBeAWholeUpperCaseWord() {
    assertThat(MultiCondParser.parse("sand and ANDROID")).containsExactly(new WeightedPrompt("sand and ANDROID", 1.0));
  }

  @Test
  void emphasisWeightIsNotAPromptWeight() {
    assertThat(MultiCondParser.parse("(cat:1.2)")).containsExactly(new WeightedPrompt("(cat:1.2)", 1.0));
  }
}
