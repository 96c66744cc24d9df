package io.sdnest.inference.engine.prompt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's emphasis syntax ({@code parse_prompt_attention}): {@code (x)} ×1.1, {@code [x]} ÷1.1, {@code (x:w)} ×w,
 * backslash escapes, {@code BREAK}; unclosed brackets still apply to the rest of the text, unmatched closing brackets
 * are text; neighbouring runs of equal weight are merged.
 */
public final class AttentionParser {

  private static final double ROUND = 1.1;
  private static final double SQUARE = 1 / 1.1;

  /** The alternatives in A1111's order; group 1 is the weight of {@code :w)}. */
  private static final Pattern TOKEN = Pattern.compile(
      "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*", Pattern.UNICODE_CHARACTER_CLASS);

  private AttentionParser() {
  }

  /**
   * @throws IllegalArgumentException for a weight that is not a number, e.g. {@code (x:1.2.3)} (A1111 fails with a
   *                                  server error there)
   */
  public static List<WeightedText> parse(String text) {
    List<Run> res = new ArrayList<>();
    Deque<Integer> round = new ArrayDeque<>();
    Deque<Integer> square = new ArrayDeque<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String token = m.group();
      String weight = m.group(1);
      if (token.startsWith("\\")) {
        res.add(new Run(token.substring(1), 1.0));
      } else if (token.equals("(")) {
        round.push(res.size());
      } else if (token.equals("[")) {
        square.push(res.size());
      } else if (weight != null && !round.isEmpty()) {
        multiply(res, round.pop(), parseWeight(weight, token));
      } else if (token.equals(")") && !round.isEmpty()) {
        multiply(res, round.pop(), ROUND);
      } else if (token.equals("]") && !square.isEmpty()) {
        multiply(res, square.pop(), SQUARE);
      } else {
        addSplitAtBreak(res, token);
      }
    }
    // unclosed brackets apply to the end of the text
    while (!round.isEmpty()) {
      multiply(res, round.pop(), ROUND);
    }
    while (!square.isEmpty()) {
      multiply(res, square.pop(), SQUARE);
    }
    if (res.isEmpty()) {
      res.add(new Run("", 1.0));
    }
    return mergeEqualWeights(res);
  }

  private static void addSplitAtBreak(List<Run> res, String token) {
    Matcher b = BREAK.matcher(token);
    int start = 0;
    while (b.find()) {
      res.add(new Run(token.substring(start, b.start()), 1.0));
      res.add(new Run(WeightedText.BREAK.text(), WeightedText.BREAK.weight()));
      start = b.end();
    }
    res.add(new Run(token.substring(start), 1.0));
  }

  private static double parseWeight(String weight, String token) {
    try {
      return Double.parseDouble(weight);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("emphasis weight '" + weight + "' in '" + token + "' is not a number");
    }
  }

  private static void multiply(List<Run> res, int from, double factor) {
    for (int i = from; i < res.size(); i++) {
      res.get(i).weight *= factor;
    }
  }

  private static List<WeightedText> mergeEqualWeights(List<Run> res) {
    List<WeightedText> out = new ArrayList<>();
    StringBuilder text = new StringBuilder(res.get(0).text);
    double weight = res.get(0).weight;
    for (int i = 1; i < res.size(); i++) {
      Run r = res.get(i);
      if (r.weight == weight) {
        text.append(r.text);
      } else {
        out.add(new WeightedText(text.toString(), weight));
        text.setLength(0);
        text.append(r.text);
        weight = r.weight;
      }
    }
    out.add(new WeightedText(text.toString(), weight));
    return out;
  }

  /** A mutable run while brackets are still open. */
  private static final class Run {
    final String text;
    double weight;

    Run(String text, double weight) {
      this.text = text;
      this.weight = weight;
    }
  }
}
