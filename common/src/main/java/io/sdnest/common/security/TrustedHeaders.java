package io.sdnest.common.security;

/** The headers the gateway adds for the services behind it (DESIGN.md, "Between the services"). */
public final class TrustedHeaders {

  public static final String USER = "X-Sdnest-User";
  public static final String ROLES = "X-Sdnest-Roles";
  public static final String INTERNAL_TOKEN = "X-Sdnest-Internal-Token";
  /**
   * Which inference replica the gateway sent a request to (an opaque key the gateway derives from the replica's
   * address); the replica prefixes async job ids with it so the gateway can route later job requests back to it.
   */
  public static final String REPLICA = "X-Sdnest-Replica";
  public static final String ADMIN_ROLE = "admin";
  public static final String USER_ROLE = "user";

  private TrustedHeaders() {
  }
}
