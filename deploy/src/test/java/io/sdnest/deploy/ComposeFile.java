package io.sdnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** deploy/compose/compose.yaml with its variables substituted from .env plus given values, as compose does. */
final class ComposeFile {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$\\$");

  private ComposeFile() {
  }

  static Map<String, String> dotEnv() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Repo.read(Repo.deploy("compose/.env")).split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      values.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
    }
    return values;
  }

  static JsonNode load(Map<String, String> shellEnvironment) {
    Map<String, String> values = new LinkedHashMap<>(dotEnv());
    values.putAll(shellEnvironment);
    String text = interpolate(Repo.read(Repo.deploy("compose/compose.yaml")), values);
    try {
      return Manifests.YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String interpolate(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = values.get(m.group(1));
        String op = m.group(2);
        boolean unset = value == null || (op != null && op.startsWith(":") && value.isEmpty());
        if (op == null) {
          if (value == null) {
            throw new AssertionError("compose.yaml uses ${" + m.group(1) + "} which .env does not define");
          }
          replacement = value;
        } else if (op.endsWith("-")) {
          replacement = unset ? m.group(3) : value;
        } else if (unset) {
          throw new IllegalArgumentException(m.group(1) + ": " + m.group(3));
        } else {
          replacement = value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
