package io.sdnest.gateway.security;

import java.util.Set;
import java.util.TreeSet;

/** A caller the realm vouched for; {@code rolesHeader} is what goes to the services as {@code X-Sdnest-Roles}. */
public record AuthenticatedUser(String name, Set<String> roles, String rolesHeader) {

  public static AuthenticatedUser of(String name, Set<String> roles) {
    return new AuthenticatedUser(name, Set.copyOf(roles), String.join(",", new TreeSet<>(roles)));
  }
}
