package io.sdnest.common.security;

/** The headers the gateway adds for the services behind it (DESIGN.md, "Between the services"). */
public final class TrustedHeaders {

  public static final String USER = "X-Sdnest-User";
  public static final String ROLES = "X-Sdnest-Roles";
  public static final String INTERNAL_TOKEN = "X-Sdnest-Internal-Token";
  public static final String ADMIN_ROLE = "admin";
  public static final String USER_ROLE = "user";

  private TrustedHeaders() {
  }
}
