package io.sdnest.inference.engine.schedule;

import java.util.List;

/**
 * One entry of A1111's schedule types ({@code GET /sdapi/v1/schedulers}).
 *
 * @param schedule the sigma schedule, or null for "Automatic" (the sampler's default)
 */
public record SchedulerInfo(
    String name, String label, List<String> aliases, double defaultRho, boolean needInnerModel,
    SigmaSchedule schedule) {

  public boolean isAutomatic() {
    return schedule == null;
  }

  /** Whether {@code text} names this schedule by name, label or alias (exactly, as A1111 matches). */
  public boolean answersTo(String text) {
    return name.equals(text) || label.equals(text) || aliases.contains(text);
  }
}
