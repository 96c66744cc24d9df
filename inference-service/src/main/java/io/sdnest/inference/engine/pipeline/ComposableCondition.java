package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;

/**
 * One sub-prompt of A1111's composable prompt ({@code a AND b :1.2}): its scheduled conditioning and the weight its
 * guidance term gets, {@code uncond + Σ weight·s·(cond − uncond)}.
 */
public record ComposableCondition(List<ScheduledConditioning> schedule, double weight) {

  public ComposableCondition {
    schedule = List.copyOf(schedule);
    if (schedule.isEmpty()) {
      throw new IllegalArgumentException("a condition needs at least one scheduled conditioning");
    }
  }
}
