package io.sdnest.inference.engine.infotext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a prompt uses attention emphasis, judged as A1111's png-info does: some text chunk of
 * {@code prompt_parser.parse_prompt_attention} has a weight other than 1.0.
 */
final class PromptEmphasis {

  private static final Pattern ATTENTION = Pattern.compile(
      "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:");
  private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*");

  private PromptEmphasis() {
  }

  static boolean uses(String text) {
    List<String> texts = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Integer> round = new ArrayList<>();
    List<Integer> square = new ArrayList<>();
    Matcher m = ATTENTION.matcher(text);
    while (m.find()) {
      String t = m.group();
      String weight = m.group(1);
      if (t.startsWith("\\")) {
        texts.add(t.substring(1));
        weights.add(1.0);
      } else if (t.equals("(")) {
        round.add(texts.size());
      } else if (t.equals("[")) {
        square.add(texts.size());
      } else if (weight != null && !round.isEmpty()) {
        multiply(weights, round.remove(round.size() - 1), parseWeight(weight));
      } else if (t.equals(")") && !round.isEmpty()) {
        multiply(weights, round.remove(round.size() - 1), 1.1);
      } else if (t.equals("]") && !square.isEmpty()) {
        multiply(weights, square.remove(square.size() - 1), 1 / 1.1);
      } else {
        String[] parts = BREAK.split(t, -1);
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            texts.add("BREAK");
            weights.add(-1.0);
          }
          texts.add(parts[i]);
          weights.add(1.0);
        }
      }
    }
    for (int pos : round) {
      multiply(weights, pos, 1.1);
    }
    for (int pos : square) {
      multiply(weights, pos, 1 / 1.1);
    }
    mergeEqualRuns(texts, weights);
    for (int i = 0; i < texts.size(); i++) {
      if (weights.get(i) != 1.0 && !texts.get(i).equals("BREAK")) {
        return true;
      }
    }
    return false;
  }

  private static double parseWeight(String w) {
    try {
      return Double.parseDouble(w);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static void multiply(List<Double> weights, int from, double factor) {
    for (int p = from; p < weights.size(); p++) {
      weights.set(p, weights.get(p) * factor);
    }
  }

  private static void mergeEqualRuns(List<String> texts, List<Double> weights) {
    int i = 0;
    while (i + 1 < texts.size()) {
      if (weights.get(i).equals(weights.get(i + 1))) {
        texts.set(i, texts.get(i) + texts.remove(i + 1));
        weights.remove(i + 1);
      } else {
        i++;
      }
    }
  }
}
