package io.sdnest.inference.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verified ids of onnx-sd.md §4.4, computed by OpenAI's simple_tokenizer.py. */
class ClipTokenizerTest {

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', value = {
      "a photo of a cat|49406, 320, 1125, 539, 320, 2368, 49407",
      "a photo of a dog|49406, 320, 1125, 539, 320, 1929, 49407",
      "a diagram|49406, 320, 22697, 49407",
      "an astronaut riding a horse on mars|49406, 550, 18376, 6765, 320, 4558, 525, 7496, 49407",
      "A Photo of a TREE!|49406, 320, 1125, 539, 320, 2677, 256, 49407",
      "hello world|49406, 3306, 1002, 49407",
      "''|49406, 49407",
  })
  void framesTheVerifiedIdsOfOpenAiClip(String text, String expected) {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();
    int[] want = Arrays.stream(expected.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();

    int[] ids = tokenizer.encode(text);

    assertThat(Arrays.copyOf(ids, want.length)).containsExactly(want);
    assertThat(ids).hasSize(77);
    assertThat(Arrays.copyOfRange(ids, want.length, 77)).containsOnly(49407);
  }

  @Test
  void vocabularyBuiltFromTheMergeTableHasClipsLayout() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();

    assertThat(tokenizer.vocabularySize()).isEqualTo(49408);
    assertThat(tokenizer.tokenId("!")).hasValue(0);
    assertThat(tokenizer.tokenId("!</w>")).hasValue(256);
    assertThat(tokenizer.tokenId("in")).hasValue(512);
    assertThat(tokenizer.bosId()).isEqualTo(49406);
    assertThat(tokenizer.eosId()).isEqualTo(49407);
    assertThat(tokenizer.padId()).isEqualTo(49407);
  }

  @Test
  void whitespaceAndCaseDoNotChangeTheIds() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();

    assertThat(tokenizer.tokenize("  A\tphoto \n of   a CAT ")).containsExactly(320, 1125, 539, 320, 2368);
  }

  @Test
  void digitsAreTokensOfTheirOwn() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();

    assertThat(tokenizer.tokenize("1234")).hasSize(4)
        .containsExactly(tokenizer.tokenize("1")[0], tokenizer.tokenize("2")[0], tokenizer.tokenize("3")[0],
            tokenizer.tokenize("4")[0]);
  }

  @Test
  void specialTokenTextMapsToItsId() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();

    assertThat(tokenizer.tokenize("cat <|endoftext|>")).containsExactly(2368, 49407);
  }

  @Test
  void longTextKeeps75ContentTokensAndEndsWithEos() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();
    String text = String.join(" ", IntStream.range(0, 100).mapToObj(i -> "cat").toList());

    int[] ids = tokenizer.encode(text);

    assertThat(ids).hasSize(77);
    assertThat(ids[0]).isEqualTo(49406);
    assertThat(Arrays.copyOfRange(ids, 1, 76)).containsOnly(2368);
    assertThat(ids[76]).isEqualTo(49407);
  }

  @Test
  void nonAsciiTextRoundTripsThroughByteSymbols() {
    ClipTokenizer tokenizer = ClipBpeFixture.sd1Tokenizer();

    int[] ids = tokenizer.tokenize("café 東京");

    // no unknown symbol (unk = end of text) and no special id: every byte found its symbol
    assertThat(ids).isNotEmpty();
    assertThat(Arrays.stream(ids).max().orElseThrow()).isLessThan(49406);
  }
}
