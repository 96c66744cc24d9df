package io.sdnest.inference.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.prompt.AttentionParser;
import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptChunkerTest {

  private final ClipTokenizer tokenizer = TinyClipVocabulary.sd1();
  private final PromptChunker chunker = new PromptChunker(tokenizer, 20);
  private final int bos = tokenizer.bosId();
  private final int eos = tokenizer.eosId();
  private final int a = TinyClipVocabulary.id(tokenizer, "a</w>");
  private final int b = TinyClipVocabulary.id(tokenizer, "b</w>");
  private final int comma = TinyClipVocabulary.id(tokenizer, ",</w>");

  private static String words(String word, int n) {
    return IntStream.range(0, n).mapToObj(i -> word).collect(Collectors.joining(" "));
  }

  private List<PromptChunk> chunk(String prompt) {
    return chunker.chunk(AttentionParser.parse(prompt));
  }

  /** The content tokens of a chunk: between BOS and the EOS padding. */
  private int[] content(PromptChunk chunk) {
    int[] t = chunk.tokens();
    assertThat(t).hasSize(77);
    assertThat(t[0]).isEqualTo(bos);
    int end = 76;
    while (end > 1 && t[end - 1] == eos) {
      end--;
    }
    assertThat(Arrays.copyOfRange(t, end, 77)).containsOnly(eos);
    return Arrays.copyOfRange(t, 1, end);
  }

  private int[] repeat(int id, int n) {
    int[] out = new int[n];
    Arrays.fill(out, id);
    return out;
  }

  @Test
  void emptyPromptIsOneChunkOfBosAndEos() {
    List<PromptChunk> chunks = chunk("");

    assertThat(chunks).hasSize(1);
    assertThat(content(chunks.get(0))).isEmpty();
    assertThat(chunks.get(0).multipliers()).containsOnly(1f);
  }

  @Test
  void seventyFiveTokensFitOneChunkAndTheSeventySixthStartsAnother() {
    assertThat(chunk(words("a", 75))).hasSize(1);

    List<PromptChunk> chunks = chunk(words("a", 80));

    assertThat(chunks).hasSize(2);
    assertThat(content(chunks.get(0))).containsExactly(repeat(a, 75));
    assertThat(content(chunks.get(1))).containsExactly(repeat(a, 5));
  }

  @Test
  void textAfterACommaNearTheEndMovesToTheNextChunk() {
    // commas at 70: when the chunk fills, the 4 tokens after it move on with the rest
    List<PromptChunk> chunks = chunk(words("a", 70) + ", " + words("b", 10));

    assertThat(chunks).hasSize(2);
    int[] first = new int[71];
    Arrays.fill(first, a);
    first[70] = comma;
    assertThat(content(chunks.get(0))).containsExactly(first);
    assertThat(content(chunks.get(1))).containsExactly(repeat(b, 10));
  }

  @Test
  void commaFurtherThanTheBacktrackFromTheEndDoesNotMoveText() {
    List<PromptChunk> chunks = chunk(words("a", 50) + ", " + words("b", 40));

    assertThat(content(chunks.get(0))).hasSize(75).endsWith(b, b);
    assertThat(content(chunks.get(1))).containsExactly(repeat(b, 16));
  }

  @Test
  void zeroBacktrackNeverMovesText() {
    List<PromptChunk> chunks = new PromptChunker(tokenizer, 0)
        .chunk(AttentionParser.parse(words("a", 70) + ", " + words("b", 10)));

    assertThat(content(chunks.get(0))).hasSize(75);
    assertThat(content(chunks.get(1))).containsExactly(repeat(b, 6));
  }

  @Test
  void breakStartsANewChunk() {
    List<PromptChunk> chunks = chunk("a BREAK b");

    assertThat(chunks).hasSize(2);
    assertThat(content(chunks.get(0))).containsExactly(a);
    assertThat(content(chunks.get(1))).containsExactly(b);
  }

  @Test
  void weightsFollowTheirTokensAndFramingHasWeightOne() {
    PromptChunk chunk = chunk("a (b:1.5) [a]").get(0);

    assertThat(content(chunk)).containsExactly(a, b, a);
    assertThat(Arrays.copyOfRange(chunk.multipliers(), 0, 5)).containsExactly(1f, 1f, 1.5f, (float) (1 / 1.1), 1f);
  }
}
