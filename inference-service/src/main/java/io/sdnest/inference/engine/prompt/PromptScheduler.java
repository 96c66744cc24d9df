package io.sdnest.inference.engine.prompt;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A1111's prompt editing ({@code get_learned_conditioning_prompt_schedules}): {@code [from:to:when]},
 * {@code [to:when]}, {@code [from::when]} and alternation {@code [a|b]}, nested freely. {@code when} with a decimal
 * point is a fraction of the steps, otherwise a step number.
 */
public final class PromptScheduler {

  private PromptScheduler() {
  }

  /** The schedule for a first pass of {@code steps} steps. */
  public static List<PromptSchedule> schedule(String prompt, int steps) {
    return schedule(prompt, steps, null, false);
  }

  /**
   * @param hiresSteps     steps of a hires second pass, or null for the first pass; in the second pass a step number
   *                       counts on from the first pass's steps and a fraction from 1.0 (so {@code 1.5} is half-way
   *                       through the second pass)
   * @param oldScheduling  A1111's {@code use_old_scheduling}: a value below 1 is a fraction, otherwise a step, and
   *                       hires passes restart the count
   */
  public static List<PromptSchedule> schedule(String prompt, int baseSteps, Integer hiresSteps,
      boolean oldScheduling) {
    boolean secondPass = hiresSteps != null && !oldScheduling;
    int steps = secondPass ? hiresSteps : baseSteps;
    Timing timing = new Timing(steps, secondPass ? baseSteps : 0, secondPass ? 1.0 : 0.0, oldScheduling);
    Optional<List<ScheduleNode>> tree = ScheduleSyntax.parse(prompt);
    if (tree.isEmpty()) {
      return List.of(new PromptSchedule(steps, prompt));
    }
    Map<ScheduleNode.Scheduled, Long> when = new IdentityHashMap<>();
    TreeSet<Integer> ends = new TreeSet<>(List.of(steps));
    collect(tree.get(), timing, when, ends);
    List<PromptSchedule> out = new ArrayList<>(ends.size());
    for (int end : ends) {
      StringBuilder text = new StringBuilder();
      render(tree.get(), end, when, text);
      out.add(new PromptSchedule(end, text.toString()));
    }
    return out;
  }

  private record Timing(int steps, int stepOffset, double fractionOffset, boolean old) {

    long stepOf(String number) {
      double v = Double.parseDouble(number);
      if (old) {
        v = v < 1 ? v * steps : v;
      } else if (number.contains(".")) {
        v = (v - fractionOffset) * steps;
      } else {
        v = v - stepOffset;
      }
      return Math.min(steps, (long) v);
    }
  }

  private static void collect(List<ScheduleNode> nodes, Timing timing, Map<ScheduleNode.Scheduled, Long> when,
      TreeSet<Integer> ends) {
    for (ScheduleNode node : nodes) {
      if (node instanceof ScheduleNode.Group g) {
        collect(g.parts(), timing, when, ends);
      } else if (node instanceof ScheduleNode.Scheduled sc) {
        long step = timing.stepOf(sc.when());
        when.put(sc, step);
        if (step >= 1) {
          ends.add((int) step);
        }
        if (sc.before() != null) {
          collect(sc.before(), timing, when, ends);
        }
        collect(sc.after(), timing, when, ends);
      } else if (node instanceof ScheduleNode.Alternate alt) {
        for (int s = 1; s <= timing.steps(); s++) {
          ends.add(s);
        }
        alt.options().forEach(option -> collect(option, timing, when, ends));
      }
    }
  }

  private static void render(List<ScheduleNode> nodes, int step, Map<ScheduleNode.Scheduled, Long> when,
      StringBuilder out) {
    for (ScheduleNode node : nodes) {
      if (node instanceof ScheduleNode.Text t) {
        out.append(t.text());
      } else if (node instanceof ScheduleNode.Group g) {
        render(g.parts(), step, when, out);
      } else if (node instanceof ScheduleNode.Scheduled sc) {
        List<ScheduleNode> chosen = step <= when.get(sc) ? sc.before() : sc.after();
        if (chosen != null) {
          render(chosen, step, when, out);
        }
      } else if (node instanceof ScheduleNode.Alternate alt) {
        render(alt.options().get(Math.floorMod(step - 1, alt.options().size())), step, when, out);
      }
    }
  }
}
