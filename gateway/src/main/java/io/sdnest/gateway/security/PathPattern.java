package io.sdnest.gateway.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One path pattern of the gateway's configuration, optionally led by a method: {@code POST /sdapi/v1/png-info}.
 * {@code /x/*} matches {@code /x} and everything below it, {@code /x*} every path starting with {@code /x}, anything
 * else exactly that path.
 */
public record PathPattern(Optional<String> method, String literal, Kind kind) {

  public enum Kind { EXACT, SUBTREE, PREFIX }

  public static PathPattern parse(String text) {
    String trimmed = text.trim();
    Optional<String> method = Optional.empty();
    int space = trimmed.indexOf(' ');
    if (space > 0) {
      method = Optional.of(trimmed.substring(0, space).toUpperCase(Locale.ROOT));
      trimmed = trimmed.substring(space + 1).trim();
    }
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("A path pattern must start with '/': " + text);
    }
    if (trimmed.endsWith("/*")) {
      return new PathPattern(method, trimmed.substring(0, trimmed.length() - 2), Kind.SUBTREE);
    }
    if (trimmed.endsWith("*")) {
      return new PathPattern(method, trimmed.substring(0, trimmed.length() - 1), Kind.PREFIX);
    }
    return new PathPattern(method, trimmed, Kind.EXACT);
  }

  public boolean matches(String httpMethod, String path) {
    if (method.isPresent() && !method.get().equals(httpMethod)) {
      return false;
    }
    return matchesPath(path);
  }

  public boolean matchesPath(String path) {
    return switch (kind) {
      case EXACT -> path.equals(literal);
      case SUBTREE -> path.equals(literal) || (path.startsWith(literal) && path.charAt(literal.length()) == '/');
      case PREFIX -> path.startsWith(literal);
    };
  }

  /** Longer literal = more specific; an exact path beats a pattern with the same literal. */
  public int specificity() {
    return literal.length() * 2 + (kind == Kind.EXACT ? 1 : 0);
  }
}
