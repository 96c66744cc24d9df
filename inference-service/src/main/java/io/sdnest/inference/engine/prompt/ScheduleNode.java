package io.sdnest.inference.engine.prompt;

import java.util.List;

/** The parse tree of A1111's prompt-editing grammar. */
sealed interface ScheduleNode {

  /** Text that is the same at every step: plain text, and the brackets of emphasis or unmatched brackets. */
  record Text(String text) implements ScheduleNode {
  }

  /** {@code (…)}, {@code (…:…)} or {@code […]}: kept literally, with its brackets, for the emphasis parser. */
  record Group(List<ScheduleNode> parts) implements ScheduleNode {
  }

  /** {@code [before:after:when]}; {@code before} is null for {@code [after:when]}. */
  record Scheduled(List<ScheduleNode> before, List<ScheduleNode> after, String when) implements ScheduleNode {
  }

  /** {@code [a|b|…]}: option {@code (step - 1) mod n} at each step. */
  record Alternate(List<List<ScheduleNode>> options) implements ScheduleNode {
  }
}
