package io.sdnest.gateway.security;

import java.util.Optional;

/**
 * The rule Alibaba Compute Nest enforces for deployment passwords: 8-30 characters with at least three of upper case,
 * lower case, digit and special character.
 */
public final class PasswordRule {

  public static final String DESCRIPTION =
      "8-30 characters with at least 3 of: upper case letter, lower case letter, digit, special character";

  private PasswordRule() {
  }

  /** Why the password breaks the rule, or empty when it does not. */
  public static Optional<String> violation(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < 8 || length > 30) {
      return Optional.of("it has " + length + " characters");
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean special = false;
    for (int i = 0; i < password.length(); i++) {
      char c = password.charAt(i);
      if (Character.isUpperCase(c)) {
        upper = true;
      } else if (Character.isLowerCase(c)) {
        lower = true;
      } else if (Character.isDigit(c)) {
        digit = true;
      } else {
        special = true;
      }
    }
    int classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0);
    return classes >= 3 ? Optional.empty() : Optional.of("it mixes only " + classes + " of the 4 character classes");
  }
}
