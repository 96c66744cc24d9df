package io.sdnest.inference.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BytePairEncoderTest {

  @Test
  void mergesTheLowestRankedPairFirst() {
    // "l o" ranks before "o w</w>", so "low" becomes "lo" + "w</w>", not "l" + "ow</w>"
    BytePairEncoder bpe = new BytePairEncoder(List.of(
        new String[] {"l", "o"}, new String[] {"o", "w</w>"}, new String[] {"lo", "w</w>"}));

    assertThat(bpe.encode("low")).containsExactly("low</w>");
    assertThat(bpe.encode("ow")).containsExactly("ow</w>");
    assertThat(bpe.encode("lol")).containsExactly("lo", "l</w>");
  }

  @Test
  void singleCharacterWordCarriesTheEndOfWordMark() {
    BytePairEncoder bpe = new BytePairEncoder(List.of());

    assertThat(bpe.encode("a")).containsExactly("a</w>");
    assertThat(bpe.encode("ab")).containsExactly("a", "b</w>");
  }

  @Test
  void mergesEveryOccurrenceOfThePairLeftToRight() {
    BytePairEncoder bpe = new BytePairEncoder(List.<String[]>of(new String[] {"a", "a"}));

    assertThat(bpe.encode("aaa")).containsExactly("aa", "a</w>");
    assertThat(bpe.encode("aaaab")).containsExactly("aa", "aa", "b</w>");
  }
}
