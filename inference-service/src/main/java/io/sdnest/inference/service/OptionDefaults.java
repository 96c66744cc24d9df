package io.sdnest.inference.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's built-in options and their defaults, read from {@code a1111-options-defaults.tsv} (A1111's default
 * expressions as Python literals). Typed as A1111's GET /options types them: non-zero int defaults become floats.
 */
public final class OptionDefaults {

  /** A1111's output folders; sdnest puts them all under the data volume's outputs folder. */
  private static final Pattern OUTPUT_DIR = Pattern.compile("util\\.truncate_path\\(os\\.path\\.join\\(\\w+, (.+)\\)\\)");
  private static final Pattern QUOTED = Pattern.compile("'((?:\\\\.|[^'\\\\])*)'");

  private final Map<String, Object> defaults;
  private final Set<String> restricted;

  private OptionDefaults(Map<String, Object> defaults, Set<String> restricted) {
    this.defaults = Collections.unmodifiableMap(defaults);
    this.restricted = Set.copyOf(restricted);
  }

  /** Reads the bundled table; output folders resolve under {@code outputs}. */
  public static OptionDefaults load(Path outputs) {
    try (InputStream in = OptionDefaults.class.getResourceAsStream("/a1111-options-defaults.tsv")) {
      if (in == null) {
        throw new IllegalStateException("a1111-options-defaults.tsv is missing from the classpath");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      List<String> restricted = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        values.put(cols[0], value(cols[1], outputs));
        if (cols.length > 3 && cols[3].equals("restrict_api")) {
          restricted.add(cols[0]);
        }
      }
      return new OptionDefaults(values, new java.util.HashSet<>(restricted));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every option key with its default, in A1111's order. */
  public Map<String, Object> values() {
    return defaults;
  }

  /** Options the API may not change ({@code restrict_api}); A1111 ignores them silently. */
  public boolean restricted(String key) {
    return restricted.contains(key);
  }

  static Object value(String python, Path outputs) {
    String v = python.trim();
    Matcher dir = OUTPUT_DIR.matcher(v);
    if (dir.matches()) {
      Path p = outputs;
      Matcher part = QUOTED.matcher(dir.group(1));
      while (part.find()) {
        p = p.resolve(unquote(part.group(1)));
      }
      return p.toString();
    }
    if (v.equals("True")) {
      return true;
    }
    if (v.equals("False") || v.startsWith("shared.cmd_opts.")) {
      return false;
    }
    if (v.startsWith("None")) {
      return null;
    }
    if (v.startsWith("'")) {
      return unquote(v.substring(1, v.length() - 1));
    }
    if (v.startsWith("[")) {
      List<String> items = new ArrayList<>();
      Matcher m = QUOTED.matcher(v);
      while (m.find()) {
        items.add(unquote(m.group(1)));
      }
      return List.copyOf(items);
    }
    if (v.matches("-?\\d+")) {
      long n = Long.parseLong(v);
      // A1111 declares options with a non-zero int default as float
      return n == 0 ? (Object) 0 : (Object) (double) n;
    }
    return Double.parseDouble(v);
  }

  private static String unquote(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        out.append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
