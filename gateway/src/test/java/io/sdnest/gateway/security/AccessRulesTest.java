package io.sdnest.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sdnest.gateway.config.GatewayConfig;

class AccessRulesTest {

  private static GatewayConfig.AccessRule rule(List<String> paths, List<String> methods, String... roles) {
    return new GatewayConfig.AccessRule() {
      @Override
      public List<String> paths() {
        return paths;
      }

      @Override
      public Optional<List<String>> methods() {
        return methods.isEmpty() ? Optional.empty() : Optional.of(methods);
      }

      @Override
      public List<String> roles() {
        return List.of(roles);
      }
    };
  }

  private final AccessRules rules;

  AccessRulesTest() {
    Map<String, GatewayConfig.AccessRule> config = new LinkedHashMap<>();
    config.put("use", rule(List.of("/sdapi/v1/*"), List.of(), "user"));
    config.put("options", rule(List.of("/sdapi/v1/options"), List.of("POST"), "admin"));
    config.put("refresh", rule(List.of("/sdapi/v1/refresh-*"), List.of("POST"), "admin"));
    config.put("downloader", rule(List.of("/downloader/v1/*"), List.of(), "admin"));
    rules = new AccessRules(List.of("/docs/*", "POST /sdapi/v1/png-info"), config);
  }

  @Test
  void methodSpecificRuleWinsOnItsPathOnly() {
    assertThat(rules.decide("POST", "/sdapi/v1/options").anyOfRoles()).containsExactly("admin");
    assertThat(rules.decide("GET", "/sdapi/v1/options").anyOfRoles()).containsExactly("user");
  }

  @Test
  void prefixPatternsCoverFamiliesOfRoutes() {
    assertThat(rules.decide("POST", "/sdapi/v1/refresh-checkpoints").anyOfRoles()).containsExactly("admin");
    assertThat(rules.decide("POST", "/sdapi/v1/txt2img").anyOfRoles()).containsExactly("user");
    assertThat(rules.decide("DELETE", "/downloader/v1/jobs/7").anyOfRoles()).containsExactly("admin");
  }

  @Test
  void publicPathsNeedNothingButOnlyForTheirMethod() {
    assertThat(rules.decide("POST", "/sdapi/v1/png-info").isPublic()).isTrue();
    assertThat(rules.decide("GET", "/sdapi/v1/png-info").isPublic()).isFalse();
    assertThat(rules.decide("GET", "/docs").isPublic()).isTrue();
    assertThat(rules.decide("GET", "/docs/index.html").isPublic()).isTrue();
  }

  @Test
  void subtreePatternDoesNotMatchSiblingsSharingThePrefix() {
    assertThat(rules.decide("GET", "/docsx").isPublic()).isFalse();
    assertThat(rules.decide("GET", "/downloader/v10").anyOfRoles()).isEmpty();
  }

  @Test
  void rolesAllowAnyOfThem() {
    Access admin = rules.decide("POST", "/sdapi/v1/options");
    assertThat(admin.allows(Set.of("user", "admin"))).isTrue();
    assertThat(admin.allows(Set.of("user"))).isFalse();
  }
}
