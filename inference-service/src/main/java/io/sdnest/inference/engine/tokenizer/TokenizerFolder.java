package io.sdnest.inference.engine.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a CLIP tokenizer from a diffusers {@code tokenizer/} folder: {@code vocab.json}, {@code merges.txt}, and the
 * special tokens and length from {@code tokenizer_config.json} overridden by {@code special_tokens_map.json} (both
 * optional; absent values take transformers' CLIPTokenizer defaults).
 */
public final class TokenizerFolder {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** transformers writes a huge sentinel when a tokenizer has no length limit. */
  private static final long MAX_SANE_LENGTH = 1 << 20;

  private TokenizerFolder() {
  }

  public static ClipTokenizer load(Path dir) throws IOException {
    return new ClipTokenizer(readVocabulary(dir), readSpecialTokens(dir));
  }

  static ClipVocabulary readVocabulary(Path dir) throws IOException {
    Path vocabFile = dir.resolve("vocab.json");
    Path mergesFile = dir.resolve("merges.txt");
    Map<String, Integer> ids = JSON.readValue(vocabFile.toFile(), new TypeReference<Map<String, Integer>>() { });
    List<String[]> merges = new ArrayList<>();
    for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
      if (!line.isEmpty() && !line.startsWith("#version")) {
        merges.add(MergeLine.split(line, mergesFile));
      }
    }
    return new ClipVocabulary(ids, merges);
  }

  static SpecialTokens readSpecialTokens(Path dir) throws IOException {
    SpecialTokens defaults = SpecialTokens.clipDefaults();
    JsonNode config = readOptional(dir.resolve("tokenizer_config.json"));
    JsonNode map = readOptional(dir.resolve("special_tokens_map.json"));
    return new SpecialTokens(
        token(map, config, "bos_token", defaults.bos()),
        token(map, config, "eos_token", defaults.eos()),
        token(map, config, "pad_token", defaults.pad()),
        token(map, config, "unk_token", defaults.unk()),
        maxLength(config));
  }

  private static JsonNode readOptional(Path file) throws IOException {
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.missingNode();
  }

  /** A token is either a string or an AddedToken object with {@code content}. */
  private static String token(JsonNode map, JsonNode config, String key, String fallback) {
    for (JsonNode source : List.of(map, config)) {
      JsonNode value = source.path(key);
      if (value.isTextual()) {
        return value.asText();
      }
      if (value.path("content").isTextual()) {
        return value.path("content").asText();
      }
    }
    return fallback;
  }

  private static int maxLength(JsonNode config) {
    JsonNode value = config.path("model_max_length");
    if (value.isNumber() && value.asDouble() >= 2 && value.asDouble() <= MAX_SANE_LENGTH) {
      return value.asInt();
    }
    return SpecialTokens.CLIP_MAX_LENGTH;
  }
}
