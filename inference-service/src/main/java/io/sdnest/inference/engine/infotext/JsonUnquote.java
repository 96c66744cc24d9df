package io.sdnest.inference.engine.infotext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A1111 {@code infotext_utils.unquote}: a JSON string literal is decoded, anything else is returned unchanged. */
final class JsonUnquote {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonUnquote() {
  }

  static String unquote(String text) {
    if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
      return text;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node.isTextual() ? node.textValue() : text;
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
