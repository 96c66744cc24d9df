package io.sdnest.downloader.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.sdnest.downloader.config.DownloaderConfig;

/** Exponential backoff with jitter; a server's Retry-After wins, up to a cap. */
record Backoff(Duration initial, Duration max, Duration maxRetryAfter) {

  static Backoff of(DownloaderConfig.Retry config) {
    return new Backoff(config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter());
  }

  Duration delay(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    long base = initial.toMillis() << Math.min(20, Math.max(0, attempt - 1));
    long capped = Math.min(max.toMillis(), base);
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }
}
