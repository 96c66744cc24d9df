package io.sdnest.inference.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written vocab.json and merges.txt make a CLIP BPE tokenizer produce the demo's whole-word tokens. */
class DemoVocabularyTest {

  @TempDir
  Path dir;

  @Test
  void filesOnDiskTurnEveryKnownWordIntoOneToken() throws Exception {
    new DemoPipelineGenerator().write(dir, DemoVariant.standard());
    Map<String, Integer> vocab = new ObjectMapper().readValue(dir.resolve("tokenizer/vocab.json").toFile(), new TypeReference<>() {
    });
    List<String> lines = Files.readAllLines(dir.resolve("tokenizer/merges.txt"));
    assertThat(lines.get(0)).isEqualTo("#version: 0.2");
    Map<String, Integer> ranks = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      ranks.put(lines.get(i), i - 1);
      String[] pair = lines.get(i).split(" ");
      assertThat(vocab).as("merge result of line %d", i).containsKey(pair[0] + pair[1]);
    }
    assertThat(vocab).containsEntry("!", 0).containsEntry("!</w>", 256).containsEntry("a", 64);
    assertThat(vocab.get("<|startoftext|>")).isEqualTo(vocab.size() - 2);
    assertThat(vocab.get("<|endoftext|>")).isEqualTo(vocab.size() - 1);
    assertThat(vocab.size()).isBetween(600, 1200);
    assertThat(new java.util.HashSet<>(vocab.values())).hasSize(vocab.size());

    List<String> words = new java.util.ArrayList<>(DemoMath.colours().keySet());
    words.addAll(DemoVocabulary.WORDS);
    for (String word : words) {
      List<String> tokens = DemoVocabulary.bpe(word, ranks);
      assertThat(tokens).as(word).containsExactly(word + "</w>");
    }
    assertThat(DemoVocabulary.bpe("zebra", ranks)).hasSizeGreaterThan(1);
    String config = Files.readString(dir.resolve("tokenizer/tokenizer_config.json"));
    assertThat(config).contains("\"pad_token\" : \"<|endoftext|>\"").contains("\"model_max_length\" : 77");
  }
}
