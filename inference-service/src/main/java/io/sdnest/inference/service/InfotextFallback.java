package io.sdnest.inference.service;

import java.util.Map;

import io.sdnest.inference.engine.infotext.InfotextParser;

/**
 * The values of a request's {@code infotext} field, parsed as png-info parses it, used for the fields the request
 * leaves unset (as A1111 does). Unparseable values are ignored.
 */
final class InfotextFallback {

  private final Map<String, Object> parsed;

  InfotextFallback(String infotext) {
    this.parsed = infotext == null || infotext.isBlank() ? Map.of() : InfotextParser.parse(infotext);
  }

  boolean has(String key) {
    return parsed.containsKey(key);
  }

  String text(String key, String explicit) {
    return explicit != null ? explicit : parsed.get(key) instanceof String s ? s : null;
  }

  Long integer(String key, Long explicit) {
    if (explicit != null || !parsed.containsKey(key)) {
      return explicit;
    }
    try {
      return Long.parseLong(String.valueOf(parsed.get(key)).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Integer integer(String key, Integer explicit) {
    Long v = integer(key, explicit != null ? Long.valueOf(explicit) : null);
    return v != null ? Integer.valueOf(v.intValue()) : null;
  }

  Double decimal(String key, Double explicit) {
    if (explicit != null || !parsed.containsKey(key)) {
      return explicit;
    }
    try {
      return Double.parseDouble(String.valueOf(parsed.get(key)).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
