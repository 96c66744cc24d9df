package io.sdnest.inference.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;
import io.sdnest.inference.engine.ValidationException;

/**
 * A1111's saved prompt styles, from {@code styles.csv} in the data directory (columns name, prompt, negative_prompt;
 * the old "text" column for prompt is read too; rows whose name starts with "#" are comments). Re-read when the file
 * changes.
 */
@ApplicationScoped
public class PromptStyles {

  /** One style; its texts may hold a {@code {prompt}} placeholder. */
  public record Style(String name, String prompt, String negativePrompt) {
  }

  private static final String PLACEHOLDER = "{prompt}";
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).build();

  private final Path file;
  private FileTime readAt;
  private Map<String, Style> styles = Map.of();

  public PromptStyles(DataLayout data) {
    this.file = data.root().resolve("styles.csv");
  }

  /** The styles in file order; none when the file is missing or unreadable. */
  public synchronized List<Style> all() {
    return List.copyOf(current().values());
  }

  /**
   * A1111 {@code apply_styles_to_prompt}: for each named style in order, its text with {@code {prompt}} replaced by the
   * prompt so far, or else the prompt and the style text joined by ", " (empty parts left out). Unknown name → 400.
   */
  public String apply(String prompt, List<String> names, boolean negative) {
    if (names == null || names.isEmpty()) {
      return prompt;
    }
    Map<String, Style> known;
    synchronized (this) {
      known = current();
    }
    String out = prompt == null ? "" : prompt;
    for (String name : names) {
      Style style = known.get(name);
      if (style == null) {
        throw new ValidationException("styles", "Style '" + name + "' not found; known: " + known.keySet()
            + " (from styles.csv in the data directory)");
      }
      out = merge(negative ? style.negativePrompt() : style.prompt(), out);
    }
    return out;
  }

  /**
   * A hires prompt with the styles applied, as A1111's txt2img does. An empty one stays empty: the second pass then
   * uses the main prompt, which already carries the styles (A1111 styles the main prompt's copy, the same text).
   */
  public String applyToHires(String hiresPrompt, List<String> names, boolean negative) {
    return hiresPrompt == null || hiresPrompt.isEmpty() ? "" : apply(hiresPrompt, names, negative);
  }

  static String merge(String styleText, String prompt) {
    if (styleText.contains(PLACEHOLDER)) {
      return styleText.replace(PLACEHOLDER, prompt);
    }
    String p = prompt.strip();
    String s = styleText.strip();
    return p.isEmpty() ? s : s.isEmpty() ? p : p + ", " + s;
  }

  private Map<String, Style> current() {
    try {
      FileTime modified = Files.isRegularFile(file) ? Files.getLastModifiedTime(file) : null;
      if (modified == null) {
        styles = Map.of();
      } else if (!modified.equals(readAt)) {
        styles = read(file);
      }
      readAt = modified;
    } catch (IOException | RuntimeException e) {
      Log.warnf("Cannot read %s: %s", file, e.getMessage());
    }
    return styles;
  }

  private static Map<String, Style> read(Path file) throws IOException {
    Map<String, Style> out = new LinkedHashMap<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      try (CSVParser parser = FORMAT.parse(reader)) {
        for (CSVRecord row : parser) {
          String name = column(row, "name");
          if (name.isEmpty() || name.startsWith("#")) {
            continue;
          }
          String prompt = row.isMapped("prompt") ? column(row, "prompt") : column(row, "text");
          out.put(name, new Style(name, prompt, column(row, "negative_prompt")));
        }
      }
    }
    return out;
  }

  private static String column(CSVRecord row, String name) {
    return row.isMapped(name) && row.isSet(name) ? row.get(name) : "";
  }
}
