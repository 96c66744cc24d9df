package io.sdnest.common.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who is calling, as the gateway says in its trusted headers. A call without them (the service reached
 * directly, e.g. in tests or a single-user setup) is an anonymous caller with every role.
 */
public record Caller(String name, Set<String> roles, boolean viaGateway) {

  public static final Caller ANONYMOUS = new Caller("", Set.of(TrustedHeaders.USER_ROLE, TrustedHeaders.ADMIN_ROLE), false);

  public static Caller fromHeaders(String user, String roles) {
    if (user == null || user.isBlank()) {
      return ANONYMOUS;
    }
    Set<String> parsed = roles == null ? Set.of()
        : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
    return new Caller(user.trim(), parsed, true);
  }

  public static Caller of(HttpHeaders headers) {
    return fromHeaders(headers.getHeaderString(TrustedHeaders.USER), headers.getHeaderString(TrustedHeaders.ROLES));
  }

  public boolean isAdmin() {
    return roles.contains(TrustedHeaders.ADMIN_ROLE);
  }
}
