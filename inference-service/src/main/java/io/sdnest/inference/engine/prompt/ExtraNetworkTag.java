package io.sdnest.inference.engine.prompt;

import java.util.List;

/**
 * An extra-network tag such as {@code <lora:name:0.8>}: its type ({@code lora}, {@code lyco}, {@code hypernet}, …),
 * the network name (first argument) and the remaining arguments as written.
 */
public record ExtraNetworkTag(String type, String name, List<String> args) {

  public ExtraNetworkTag {
    args = List.copyOf(args);
  }

  /** The tag as it appears in a prompt, for reporting it. */
  public String toPromptSyntax() {
    StringBuilder sb = new StringBuilder("<").append(type).append(':').append(name);
    args.forEach(a -> sb.append(':').append(a));
    return sb.append('>').toString();
  }
}
