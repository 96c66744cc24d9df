package io.sdnest.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/** Where the admin password comes from, and how the embedded realm stores it. */
public final class AdminUser {

  public static final String NAME = "admin";
  public static final String ROLES = "user,admin";
  public static final String PASSWORD_KEY = "sdnest.gateway.admin-password";
  /** The env var the {@code sdnest} script and the Kubernetes Secret set. */
  public static final String PASSWORD_ENV = "SDNEST_ADMIN_PASSWORD";
  public static final String REALM_KEY = "quarkus.security.users.embedded.realm-name";
  public static final String ALGORITHM_KEY = "quarkus.security.users.embedded.algorithm";
  public static final String PLAIN_TEXT_KEY = "quarkus.security.users.embedded.plain-text";
  public static final String USERS_PREFIX = "quarkus.security.users.embedded.users.";
  public static final String ROLES_PREFIX = "quarkus.security.users.embedded.roles.";

  private AdminUser() {
  }

  public static Optional<String> password(Function<String, String> lookup) {
    return firstNonBlank(lookup.apply(PASSWORD_KEY))
        .or(() -> firstNonBlank(lookup.apply(PASSWORD_ENV)))
        .or(() -> firstNonBlank(System.getenv(PASSWORD_ENV)));
  }

  /** The realm's MD5 digest form, {@code HEX(MD5(user:realm:password))}. */
  public static String digest(String user, String realm, String password) {
    return digest("digest-md5", user, realm, password);
  }

  /** The realm's digest form for {@code quarkus.security.users.embedded.algorithm}: {@code HEX(H(user:realm:password))}. */
  public static String digest(String algorithm, String user, String realm, String password) {
    String javaName = switch (algorithm == null ? "digest-md5" : algorithm.trim().toLowerCase()) {
      case "digest-sha" -> "SHA-1";
      case "digest-sha-256" -> "SHA-256";
      case "digest-sha-384" -> "SHA-384";
      case "digest-sha-512" -> "SHA-512";
      case "digest-sha-512-256" -> "SHA-512/256";
      default -> "MD5";
    };
    try {
      byte[] hash = MessageDigest.getInstance(javaName).digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> firstNonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank() && !v.startsWith("${"));
  }
}
