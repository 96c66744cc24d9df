package io.sdnest.inference.engine.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's composable prompts ({@code get_multicond_prompt_list}): the prompt splits at the word {@code AND}; each part
 * may end in {@code :weight} (default 1). A1111 applies this to the positive prompt only, and to every positive prompt,
 * so {@code "a cat:1.5"} is the sub-prompt {@code "a cat"} with weight 1.5.
 */
public final class MultiCondParser {

  private static final Pattern AND = Pattern.compile("\\bAND\\b", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WEIGHT = Pattern.compile(
      "^(.*?)(?:\\s*:\\s*([-+]?(?:\\d+\\.?|\\d*\\.\\d+)))?\\s*$", Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);

  private MultiCondParser() {
  }

  public static List<WeightedPrompt> parse(String prompt) {
    List<WeightedPrompt> out = new ArrayList<>();
    Matcher and = AND.matcher(prompt);
    int start = 0;
    while (and.find()) {
      out.add(weighted(prompt.substring(start, and.start())));
      start = and.end();
    }
    out.add(weighted(prompt.substring(start)));
    return out;
  }

  private static WeightedPrompt weighted(String part) {
    Matcher m = WEIGHT.matcher(part);
    if (!m.matches()) {
      return new WeightedPrompt(part, 1.0);
    }
    String weight = m.group(2);
    return new WeightedPrompt(m.group(1), weight == null ? 1.0 : Double.parseDouble(weight));
  }
}
