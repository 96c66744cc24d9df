package io.sdnest.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code expected-metrics.txt}: the sdnest_* metric families each service serves, by section ({@code # <service>}). */
final class ExpectedMetrics {

  private static final Pattern SECTION = Pattern.compile("#\\s*(gateway|inference|downloader)\\s*");
  /** Series a histogram, summary or timer adds to its family name. */
  private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max|created)$");

  private ExpectedMetrics() {
  }

  /** Families by service section, in file order. */
  static Map<String, Set<String>> bySection() {
    Map<String, Set<String>> sections = new LinkedHashMap<>();
    String section = null;
    for (String raw : read().lines().toList()) {
      String line = raw.strip();
      var header = SECTION.matcher(line);
      if (header.matches()) {
        section = header.group(1);
        sections.put(section, new LinkedHashSet<>());
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (section == null) {
          throw new IllegalStateException("expected-metrics.txt: " + line + " comes before any # <service> section");
        }
        sections.get(section).add(line);
      }
    }
    return sections;
  }

  static Set<String> all() {
    Set<String> all = new LinkedHashSet<>();
    bySection().values().forEach(all::addAll);
    return all;
  }

  /** The family a series name belongs to, given the known families ({@code x_seconds_count} → {@code x_seconds}). */
  static String family(String series, Set<String> families) {
    if (families.contains(series)) {
      return series;
    }
    String stripped = SERIES_SUFFIX.matcher(series).replaceFirst("");
    return families.contains(stripped) ? stripped : series;
  }

  /** Whether a Prometheus text exposition has a sample of the family. */
  static boolean served(String exposition, String family) {
    Pattern sample = Pattern.compile("(?m)^" + Pattern.quote(family) + "(_bucket|_count|_sum|_max|_created)?[{ ]");
    return sample.matcher(exposition).find();
  }

  private static String read() {
    try (InputStream in = ExpectedMetrics.class.getResourceAsStream("/expected-metrics.txt")) {
      if (in == null) {
        throw new IllegalStateException("expected-metrics.txt is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
