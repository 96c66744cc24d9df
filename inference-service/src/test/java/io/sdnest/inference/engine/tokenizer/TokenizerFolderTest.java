package io.sdnest.inference.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerFolderTest {

  @TempDir
  Path dir;

  /** A tiny vocabulary: the byte symbols, the same with </w>, three merges, the two special tokens. */
  private void writeTinyVocabulary() throws IOException {
    List<String> tokens = new ArrayList<>(ByteLevelAlphabet.symbolsInVocabOrder());
    ByteLevelAlphabet.symbolsInVocabOrder().forEach(s -> tokens.add(s + "</w>"));
    List<String> merges = List.of("c a", "ca t</w>", "d o");
    merges.forEach(m -> tokens.add(m.replace(" ", "")));
    tokens.add("<|startoftext|>");
    tokens.add("<|endoftext|>");
    Map<String, Integer> vocab = new LinkedHashMap<>();
    tokens.forEach(t -> vocab.put(t, vocab.size()));
    new ObjectMapper().writeValue(dir.resolve("vocab.json").toFile(), vocab);
    Files.write(dir.resolve("merges.txt"), concat("#version: 0.2", merges), StandardCharsets.UTF_8);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  @Test
  void readsVocabularyMergesAndSd1Defaults() throws IOException {
    writeTinyVocabulary();

    ClipTokenizer tokenizer = TokenizerFolder.load(dir);

    int cat = tokenizer.tokenId("cat</w>").orElseThrow();
    int dog = tokenizer.tokenId("do").orElseThrow();
    assertThat(tokenizer.tokenize("Cat dog")).containsExactly(cat, dog, tokenizer.tokenId("g</w>").orElseThrow());
    assertThat(tokenizer.bosId()).isEqualTo(515);
    assertThat(tokenizer.eosId()).isEqualTo(516);
    assertThat(tokenizer.padId()).isEqualTo(516);
    assertThat(tokenizer.maxLength()).isEqualTo(77);
  }

  @Test
  void sd2ConfigPadsWithTheExclamationMark() throws IOException {
    writeTinyVocabulary();
    Files.writeString(dir.resolve("tokenizer_config.json"), """
        {"model_max_length": 77, "pad_token": "!",
         "bos_token": {"__type": "AddedToken", "content": "<|startoftext|>"},
         "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>"}}""");

    ClipTokenizer tokenizer = TokenizerFolder.load(dir);
    int[] ids = tokenizer.encode("cat");

    assertThat(tokenizer.padId()).isZero();
    assertThat(ids).startsWith(515, tokenizer.tokenId("cat</w>").orElseThrow(), 516, 0, 0).hasSize(77);
  }

  @Test
  void specialTokensMapOverridesTheConfigAndLengthComesFromTheConfig() throws IOException {
    writeTinyVocabulary();
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 16, \"pad_token\": \"!\"}");
    Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"<|endoftext|>\"}");

    ClipTokenizer tokenizer = TokenizerFolder.load(dir);

    assertThat(tokenizer.padId()).isEqualTo(516);
    assertThat(tokenizer.encode("cat")).hasSize(16);
  }

  @Test
  void folderWrittenFromTheClipMergeTableGivesTheSameIds() throws IOException {
    ClipVocabulary vocabulary = ClipBpeFixture.vocabulary();
    new ObjectMapper().writeValue(dir.resolve("vocab.json").toFile(), vocabulary.ids());
    List<String> lines = new ArrayList<>(List.of("#version: 0.2"));
    vocabulary.merges().forEach(m -> lines.add(m[0] + " " + m[1]));
    Files.write(dir.resolve("merges.txt"), lines, StandardCharsets.UTF_8);

    ClipTokenizer tokenizer = TokenizerFolder.load(dir);

    assertThat(tokenizer.encode("an astronaut riding a horse on mars"))
        .startsWith(49406, 550, 18376, 6765, 320, 4558, 525, 7496, 49407, 49407);
  }
}
