package io.sdnest.downloader.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void theDelayDoublesWithEachAttemptAndStaysBetweenHalfAndAllOfItsStep() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      long step = 100L << (attempt - 1);
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(attempt, null).toMillis()).as("attempt %d", attempt).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void theDelayIsCappedAtTheMaximumHoweverManyAttempts() {
    for (int attempt : new int[] {6, 10, 21, 64, Integer.MAX_VALUE}) {
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(attempt, null).toMillis()).as("attempt %d", attempt).isBetween(1000L, 2000L);
      }
    }
  }

  @Test
  void aFirstOrNonsensicalAttemptNumberWaitsTheInitialStep() {
    for (int attempt : new int[] {1, 0, -3}) {
      assertThat(backoff.delay(attempt, null).toMillis()).isBetween(50L, 100L);
    }
  }

  @Test
  void theDelayIsJitteredSoRetriesDoNotMarchInStep() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(backoff.delay(4, null).toMillis());
    }
    assertThat(seen).hasSizeGreaterThan(20);
  }

  @Test
  void aServersRetryAfterWinsOverTheBackoffEvenWhenLongerThanTheMaximumBackoff() {
    assertThat(backoff.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(9, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(10));
    assertThat(backoff.delay(3, Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aRetryAfterLongerThanItsCapIsCut() {
    assertThat(backoff.delay(1, Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(30));
  }
}
