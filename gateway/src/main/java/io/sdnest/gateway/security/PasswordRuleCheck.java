package io.sdnest.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.sdnest.gateway.config.AdminUser;
import io.sdnest.gateway.config.GatewayConfig;

/** Refuses to start the gateway when a configured password breaks {@link PasswordRule}. */
@Singleton
public class PasswordRuleCheck {

  private final GatewayConfig gateway;
  private final Config config;

  public PasswordRuleCheck(GatewayConfig gateway, Config config) {
    this.gateway = gateway;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    Map<String, String> plainPasswords = plainPasswords();
    if (plainPasswords.isEmpty() && !hasAnyUser()) {
      Log.warnf("No users are configured: set %s to create the admin user", AdminUser.PASSWORD_ENV);
    }
    List<String> problems = new ArrayList<>();
    plainPasswords.forEach((user, password) -> PasswordRule.violation(password)
        .ifPresent(why -> problems.add("the password of user '" + user + "' is too weak (" + why + ")")));
    if (problems.isEmpty()) {
      return;
    }
    if (gateway.allowWeakPasswords()) {
      Log.warnf("Weak passwords allowed by sdnest.gateway.allow-weak-passwords: %s", String.join("; ", problems));
      return;
    }
    throw new IllegalStateException("Refusing to start: " + String.join("; ", problems) + ". Passwords need "
        + PasswordRule.DESCRIPTION + ".");
  }

  /** The admin password always; the realm's other users when the realm stores plain text (digests can't be checked). */
  private Map<String, String> plainPasswords() {
    Map<String, String> passwords = new TreeMap<>();
    AdminUser.password(name -> config.getOptionalValue(name, String.class).orElse(null))
        .ifPresent(pw -> passwords.put(AdminUser.NAME, pw));
    if (config.getOptionalValue(AdminUser.PLAIN_TEXT_KEY, Boolean.class).orElse(false)) {
      for (String name : config.getPropertyNames()) {
        if (name.startsWith(AdminUser.USERS_PREFIX)) {
          config.getOptionalValue(name, String.class)
              .ifPresent(pw -> passwords.put(name.substring(AdminUser.USERS_PREFIX.length()), pw));
        }
      }
    }
    return passwords;
  }

  private boolean hasAnyUser() {
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(AdminUser.USERS_PREFIX)) {
        return true;
      }
    }
    return false;
  }
}
