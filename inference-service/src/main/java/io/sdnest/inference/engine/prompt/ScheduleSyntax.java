package io.sdnest.inference.engine.prompt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for A1111's prompt-editing grammar ({@code prompt_parser.schedule_parser}, a lark grammar): inside brackets
 * everything must nest; at the top level a bracket or colon that starts nothing is plain text; a {@code |} outside an
 * alternation or a trailing lone backslash makes the whole prompt unparsable (A1111 then uses it unchanged).
 */
final class ScheduleSyntax {

  /** lark's {@code SIGNED_NUMBER} between optional whitespace. */
  private static final Pattern WHEN = Pattern.compile(
      "\\s*([+-]?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?))\\s*",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final String STRAY = "[]():";

  private final String s;
  private int pos;
  /** Brackets already known not to parse; a failed bracket fails the same way every time. */
  private final Set<Integer> failed = new HashSet<>();

  private ScheduleSyntax(String s) {
    this.s = s;
  }

  static Optional<List<ScheduleNode>> parse(String prompt) {
    return Optional.ofNullable(new ScheduleSyntax(prompt).start());
  }

  private List<ScheduleNode> start() {
    List<ScheduleNode> out = new ArrayList<>();
    while (pos < s.length()) {
      out.addAll(prompt());
      if (pos >= s.length()) {
        break;
      }
      char c = s.charAt(pos);
      if (STRAY.indexOf(c) < 0) {
        return null;
      }
      out.add(new ScheduleNode.Text(String.valueOf(c)));
      pos++;
    }
    return out;
  }

  /** As many items as parse from here; stops (without failing) at anything it cannot take. */
  private List<ScheduleNode> prompt() {
    List<ScheduleNode> out = new ArrayList<>();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '[' || c == '(') {
        ScheduleNode bracket = bracket(c);
        if (bracket == null) {
          break;
        }
        out.add(bracket);
      } else {
        int start = pos;
        skipPlain();
        if (pos == start) {
          break;
        }
        out.add(new ScheduleNode.Text(s.substring(start, pos)));
      }
    }
    return out;
  }

  /** Plain text: anything but brackets, colon, bar and backslash, or a backslash and the character it escapes. */
  private void skipPlain() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '\\') {
        if (pos + 1 >= s.length() || s.charAt(pos + 1) == '\n') {
          return;
        }
        pos += 2;
      } else if ("[]():|".indexOf(c) >= 0) {
        return;
      } else {
        pos++;
      }
    }
  }

  private ScheduleNode bracket(char open) {
    int start = pos;
    if (failed.contains(start)) {
      return null;
    }
    ScheduleNode node = open == '[' ? square() : round();
    if (node == null) {
      failed.add(start);
      pos = start;
    }
    return node;
  }

  private ScheduleNode round() {
    pos++;
    List<ScheduleNode> parts = new ArrayList<>();
    parts.add(new ScheduleNode.Text("("));
    parts.addAll(prompt());
    if (at(':')) {
      pos++;
      parts.add(new ScheduleNode.Text(":"));
      parts.addAll(prompt());
    }
    if (!at(')')) {
      return null;
    }
    pos++;
    parts.add(new ScheduleNode.Text(")"));
    return new ScheduleNode.Group(parts);
  }

  private ScheduleNode square() {
    pos++;
    List<List<ScheduleNode>> segments = new ArrayList<>();
    StringBuilder separators = new StringBuilder();
    int lastSegmentStart = pos;
    segments.add(prompt());
    while (at(':') || at('|')) {
      separators.append(s.charAt(pos++));
      lastSegmentStart = pos;
      segments.add(prompt());
    }
    if (!at(']')) {
      return null;
    }
    String lastSegment = s.substring(lastSegmentStart, pos);
    pos++;
    String seps = separators.toString();
    if (seps.isEmpty()) {
      List<ScheduleNode> parts = new ArrayList<>();
      parts.add(new ScheduleNode.Text("["));
      parts.addAll(segments.get(0));
      parts.add(new ScheduleNode.Text("]"));
      return new ScheduleNode.Group(parts);
    }
    if (seps.chars().allMatch(c -> c == '|')) {
      return new ScheduleNode.Alternate(segments);
    }
    Matcher when = WHEN.matcher(lastSegment);
    if ((seps.equals(":") || seps.equals("::")) && when.matches()) {
      List<ScheduleNode> before = seps.length() == 2 ? segments.get(0) : null;
      return new ScheduleNode.Scheduled(before, segments.get(seps.length() - 1), when.group(1));
    }
    return null;
  }

  private boolean at(char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }
}
