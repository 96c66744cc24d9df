package io.sdnest.inference.engine.schedule;

import io.sdnest.inference.engine.ValidationException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A1111's schedule types in {@code GET /schedulers} order (sd_schedulers.py), and their lookup. */
public final class SchedulerCatalog {

  public static final SchedulerInfo AUTOMATIC = new SchedulerInfo("automatic", "Automatic", List.of(), -1, false, null);

  private static final List<SchedulerInfo> ALL = List.of(
      AUTOMATIC,
      new SchedulerInfo("uniform", "Uniform", List.of(), -1, true, new UniformSchedule()),
      new SchedulerInfo("karras", "Karras", List.of(), KarrasSchedule.DEFAULT_RHO, false, new KarrasSchedule()),
      new SchedulerInfo("exponential", "Exponential", List.of(), -1, false, new ExponentialSchedule()),
      new SchedulerInfo("polyexponential", "Polyexponential", List.of(), PolyexponentialSchedule.DEFAULT_RHO, false,
          new PolyexponentialSchedule()),
      new SchedulerInfo("sgm_uniform", "SGM Uniform", List.of("SGMUniform"), -1, true, new SgmUniformSchedule()),
      new SchedulerInfo("kl_optimal", "KL Optimal", List.of(), -1, false, new KlOptimalSchedule()),
      new SchedulerInfo("align_your_steps", "Align Your Steps", List.of(), -1, false, new AlignYourStepsSchedule()),
      new SchedulerInfo("simple", "Simple", List.of(), -1, true, new SimpleSchedule()),
      new SchedulerInfo("normal", "Normal", List.of(), -1, true, new NormalSchedule()),
      new SchedulerInfo("ddim", "DDIM", List.of(), -1, true, new DdimSchedule()),
      new SchedulerInfo("beta", "Beta", List.of(), -1, true, new BetaSchedule()));

  private SchedulerCatalog() {
  }

  public static List<SchedulerInfo> all() {
    return ALL;
  }

  /** By name, label or alias, exactly; then ignoring case. */
  public static Optional<SchedulerInfo> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<SchedulerInfo> exact = ALL.stream().filter(s -> s.answersTo(text)).findFirst();
    return exact.isPresent() ? exact : ALL.stream().filter(s -> s.name().equalsIgnoreCase(text)
        || s.label().equalsIgnoreCase(text) || s.aliases().stream().anyMatch(text::equalsIgnoreCase)).findFirst();
  }

  /** A request's {@code scheduler}: blank means Automatic; an unknown value is a validation error. */
  public static SchedulerInfo require(String text) {
    if (text == null || text.isBlank()) {
      return AUTOMATIC;
    }
    return find(text.trim()).orElseThrow(() -> new ValidationException("scheduler",
        "Unknown scheduler '" + text + "'; valid: " + ALL.stream().map(SchedulerInfo::label)
            .collect(Collectors.joining(", "))));
  }
}
