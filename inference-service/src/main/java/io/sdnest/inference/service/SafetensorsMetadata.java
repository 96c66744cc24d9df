package io.sdnest.inference.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A1111 {@code read_metadata_from_safetensors}: the {@code __metadata__} object of a safetensors JSON header, with
 * string values that start with "{" parsed as JSON when they are, ordered as the Lora extension orders them.
 */
public final class SafetensorsMetadata {

  /** Headers above this are refused (real LoRA headers are a few hundred KB). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The Lora extension's {@code metadata_tags_order}; other keys keep their order after these. */
  private static final List<String> FIRST = List.of("ss_sd_model_name", "ss_resolution", "ss_clip_skip",
      "ss_num_train_images", "ss_tag_frequency");

  private SafetensorsMetadata() {
  }

  /** The metadata; an IOException says why the file cannot be read as safetensors. */
  public static Map<String, Object> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] size = in.readNBytes(8);
      if (size.length < 8) {
        throw new IOException("too short for a safetensors file");
      }
      long length = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (length <= 2 || length > MAX_HEADER_BYTES) {
        throw new IOException("header length " + length + " is outside 3.." + MAX_HEADER_BYTES + " bytes");
      }
      byte[] header = in.readNBytes((int) length);
      if (header.length < length || header[0] != '{') {
        throw new IOException("not a safetensors file");
      }
      JsonNode metadata = JSON.readTree(header).path("__metadata__");
      Map<String, Object> values = new LinkedHashMap<>();
      metadata.fields().forEachRemaining(e -> values.put(e.getKey(), value(e.getValue())));
      Map<String, Object> ordered = new LinkedHashMap<>();
      values.keySet().stream().sorted(Comparator.comparingInt(SafetensorsMetadata::rank))
          .forEach(k -> ordered.put(k, values.get(k)));
      return ordered;
    }
  }

  private static int rank(String key) {
    int i = FIRST.indexOf(key);
    return i < 0 ? FIRST.size() : i;
  }

  private static Object value(JsonNode node) {
    if (node.isTextual() && node.textValue().startsWith("{")) {
      try {
        return JSON.treeToValue(JSON.readTree(node.textValue()), Object.class);
      } catch (IOException e) {
        return node.textValue();
      }
    }
    return JSON.convertValue(node, Object.class);
  }
}
