package io.sdnest.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Adds the {@code admin} user to the embedded properties realm from {@code SDNEST_ADMIN_PASSWORD}, so the realm stays
 * the one source of users. The password goes in as the realm expects it: plain, or {@code HEX(H(admin:realm:pw))} with the realm's digest algorithm.
 * Ordinal 275: above application.properties, below env and system properties, so an explicit
 * {@code quarkus.security.users.embedded.users.admin} still wins.
 */
public class AdminUserConfigSourceFactory implements ConfigSourceFactory {

  static final int ORDINAL = 275;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    return AdminUser.password(name -> value(context, name))
        .map(password -> {
          boolean plain = Boolean.parseBoolean(value(context, AdminUser.PLAIN_TEXT_KEY));
          String realm = valueOr(value(context, AdminUser.REALM_KEY), "Quarkus");
          String stored = plain ? password : AdminUser.digest(value(context, AdminUser.ALGORITHM_KEY), AdminUser.NAME, realm, password);
          return List.<ConfigSource>of(new PropertiesConfigSource(Map.of(
              AdminUser.USERS_PREFIX + AdminUser.NAME, stored,
              AdminUser.ROLES_PREFIX + AdminUser.NAME, AdminUser.ROLES), "sdnest-admin-user", ORDINAL));
        })
        .orElse(List.of());
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }

  private static String value(ConfigSourceContext context, String name) {
    ConfigValue value = context.getValue(name);
    return value == null ? null : value.getValue();
  }

  private static String valueOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
