package io.sdnest.deploy;

import java.time.Duration;

/** Quarkus-style durations in the deploy files ({@code 10s}, {@code 600s}, {@code 2m}, ISO-8601). */
final class Durations {

  private Durations() {
  }

  static Duration parse(String value) {
    String v = value.trim();
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v);
    }
    long amount = Long.parseLong(v.replaceAll("[a-z]+$", ""));
    return switch (v.replaceAll("^[0-9]+", "")) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("not a duration: " + value);
    };
  }
}
