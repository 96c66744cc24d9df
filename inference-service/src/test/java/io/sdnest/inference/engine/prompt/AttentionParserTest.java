package io.sdnest.inference.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A1111's docstring examples of {@code parse_prompt_attention}, plus BREAK and bad weights. */
class AttentionParserTest {

  private static WeightedText w(String text, double weight) {
    return new WeightedText(text, weight);
  }

  @Test
  void plainTextHasWeightOne() {
    assertThat(AttentionParser.parse("normal text")).containsExactly(w("normal text", 1.0));
  }

  @Test
  void roundBracketsMultiplyByOnePointOne() {
    assertThat(AttentionParser.parse("an (important) word"))
        .containsExactly(w("an ", 1.0), w("important", 1.1), w(" word", 1.0));
  }

  @Test
  void unclosedBracketAppliesToTheRest() {
    assertThat(AttentionParser.parse("(unbalanced")).containsExactly(w("unbalanced", 1.1));
  }

  @Test
  void escapedBracketsAreLiteral() {
    assertThat(AttentionParser.parse("\\(literal\\]")).containsExactly(w("(literal]", 1.0));
  }

  @Test
  void neighbouringRunsOfEqualWeightMerge() {
    assertThat(AttentionParser.parse("(unnecessary)(parens)")).containsExactly(w("unnecessaryparens", 1.1));
  }

  @Test
  void nestedExplicitAndSquareWeightsMultiplyExactlyAsA1111() {
    assertThat(AttentionParser.parse("a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).")).containsExactly(
        w("a ", 1.0),
        w("house", 1.5730000000000004),
        w(" ", 1.1),
        w("on", 1.0),
        w(" a ", 1.1),
        w("hill", 0.55),
        w(", sun, ", 1.1),
        w("sky", 1.4641000000000006),
        w(".", 1.1));
  }

  @Test
  void squareBracketsDivideByOnePointOne() {
    assertThat(AttentionParser.parse("[x]")).containsExactly(w("x", 1 / 1.1));
    assertThat(AttentionParser.parse("((x))")).containsExactly(w("x", 1.1 * 1.1));
  }

  @Test
  void explicitWeightMayHaveSpacesAroundIt() {
    assertThat(AttentionParser.parse("(x: 1.3 )")).containsExactly(w("x", 1.3));
  }

  @Test
  void unmatchedClosingBracketsAndColonsAreText() {
    assertThat(AttentionParser.parse("a) b] c:1.2)")).containsExactly(w("a) b] c:1.2)", 1.0));
  }

  @Test
  void breakSplitsTheTextAndEatsTheSpacesAroundIt() {
    assertThat(AttentionParser.parse("a cat BREAK a (dog)"))
        .containsExactly(w("a cat", 1.0), WeightedText.BREAK, w("a ", 1.0), w("dog", 1.1));
    assertThat(AttentionParser.parse("a cat BREAK a (dog)").get(1).isBreak()).isTrue();
  }

  @Test
  void breakMustBeAWholeWord() {
    assertThat(AttentionParser.parse("BREAKFAST")).containsExactly(w("BREAKFAST", 1.0));
  }

  @Test
  void breakInsideBracketsIsTakenAsAWordLikeA1111Does() {
    // the brackets multiply the marker's -1 too, so it is no longer a BREAK
    assertThat(AttentionParser.parse("(a BREAK b)").stream().noneMatch(WeightedText::isBreak)).isTrue();
  }

  @Test
  void emptyPromptIsOneEmptyRun() {
    assertThat(AttentionParser.parse("")).containsExactly(w("", 1.0));
  }

  @Test
  void weightThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> AttentionParser.parse("(x:1.2.3)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.2.3");
  }
}
