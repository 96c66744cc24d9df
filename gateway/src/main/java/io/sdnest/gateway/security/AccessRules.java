package io.sdnest.gateway.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.sdnest.gateway.config.GatewayConfig;

/**
 * Decides what a request needs from the configured public paths and role rules. The most specific matching pattern
 * wins; on a tie a method-specific rule beats a general one, and a public path beats a role rule.
 */
public final class AccessRules {

  private record Entry(PathPattern pattern, Access access) {
  }

  private final List<Entry> entries;

  public AccessRules(List<String> publicPaths, Map<String, GatewayConfig.AccessRule> rules) {
    List<Entry> all = new ArrayList<>();
    publicPaths.forEach(p -> all.add(new Entry(PathPattern.parse(p), Access.PUBLIC)));
    rules.forEach((name, rule) -> {
      Set<String> roles = rule.roles().stream().map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
      Access access = new Access(false, roles, name);
      List<Optional<String>> methods = rule.methods()
          .map(ms -> ms.stream().map(m -> Optional.of(m.trim().toUpperCase(Locale.ROOT))).toList())
          .orElse(List.of(Optional.empty()));
      for (String path : rule.paths()) {
        PathPattern parsed = PathPattern.parse(path);
        methods.forEach(m -> all.add(new Entry(new PathPattern(m, parsed.literal(), parsed.kind()), access)));
      }
    });
    all.sort(Comparator.comparingInt((Entry e) -> e.pattern().specificity())
        .thenComparing(e -> e.pattern().method().isPresent())
        .thenComparing(e -> e.access().isPublic())
        .reversed());
    this.entries = List.copyOf(all);
  }

  public static AccessRules from(GatewayConfig config) {
    return new AccessRules(config.publicPaths(), config.access());
  }

  public Access decide(String method, String path) {
    for (Entry entry : entries) {
      if (entry.pattern().matches(method, path)) {
        return entry.access();
      }
    }
    return Access.AUTHENTICATED;
  }
}
