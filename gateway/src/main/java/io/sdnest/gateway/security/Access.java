package io.sdnest.gateway.security;

import java.util.Set;

/** What a request needs: nothing ({@link #PUBLIC}), or an authenticated caller with one of some roles. */
public record Access(boolean isPublic, Set<String> anyOfRoles, String rule) {

  public static final Access PUBLIC = new Access(true, Set.of(), "public");

  /** A path no rule mentions: any authenticated caller. */
  public static final Access AUTHENTICATED = new Access(false, Set.of(), "default");

  public boolean allows(Set<String> roles) {
    return anyOfRoles.isEmpty() || anyOfRoles.stream().anyMatch(roles::contains);
  }
}
