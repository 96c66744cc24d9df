package io.sdnest.gateway.security;

/** The result of checking a request's credentials. */
public sealed interface AuthOutcome {

  record Authenticated(AuthenticatedUser user) implements AuthOutcome {
  }

  /** No Basic credentials at all. */
  record Missing() implements AuthOutcome {
  }

  /** Credentials the realm rejects. */
  record Rejected() implements AuthOutcome {
  }
}
