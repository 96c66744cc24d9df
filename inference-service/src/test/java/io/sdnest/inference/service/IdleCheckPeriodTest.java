package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How often idleness is checked follows the configured idle time, within 1 s and 10 s. */
class IdleCheckPeriodTest {

  @Test
  void halfTheIdleTimeWithinOneAndTenSeconds() {
    assertThat(WorkerLifecycle.idleCheckPeriod(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(3));
    assertThat(WorkerLifecycle.idleCheckPeriod(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(1));
    assertThat(WorkerLifecycle.idleCheckPeriod(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(10));
  }
}
