package io.sdnest.inference.engine.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes extra-network tags {@code <type:name:args…>} out of a prompt, as A1111's {@code extra_networks.parse_prompt}
 * does: every tag is removed from the text (leaving its surroundings as they were) and returned in order.
 */
public final class ExtraNetworkParser {

  private static final Pattern TAG = Pattern.compile("<(\\w+):([^>]+)>", Pattern.UNICODE_CHARACTER_CLASS);

  /** The prompt without its tags, and the tags. */
  public record Result(String prompt, List<ExtraNetworkTag> tags) {

    public Result {
      tags = List.copyOf(tags);
    }
  }

  private ExtraNetworkParser() {
  }

  public static Result parse(String prompt) {
    List<ExtraNetworkTag> tags = new ArrayList<>();
    Matcher m = TAG.matcher(prompt);
    StringBuilder rest = new StringBuilder();
    int last = 0;
    while (m.find()) {
      rest.append(prompt, last, m.start());
      // split(":", -1) keeps empty items, as Python's str.split does
      List<String> items = Arrays.asList(m.group(2).split(":", -1));
      tags.add(new ExtraNetworkTag(m.group(1), items.get(0), items.subList(1, items.size())));
      last = m.end();
    }
    rest.append(prompt.substring(last));
    return new Result(rest.toString(), tags);
  }
}
