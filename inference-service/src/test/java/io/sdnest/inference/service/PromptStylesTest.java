package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A1111's merge_prompts. */
class PromptStylesTest {

  @Test
  void aPlaceholderTakesThePrompt() {
    assertThat(PromptStyles.merge("photo of {prompt}, 35mm", "a dog")).isEqualTo("photo of a dog, 35mm");
  }

  @Test
  void withoutPlaceholderTheStyleIsAppendedWithCommaSpace() {
    assertThat(PromptStyles.merge(" sharp ", "a dog ")).isEqualTo("a dog, sharp");
  }

  @Test
  void emptyPartsAreLeftOut() {
    assertThat(PromptStyles.merge("sharp", "")).isEqualTo("sharp");
    assertThat(PromptStyles.merge("", "a dog")).isEqualTo("a dog");
  }
}
