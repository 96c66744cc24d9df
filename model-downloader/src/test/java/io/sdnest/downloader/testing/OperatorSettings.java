package io.sdnest.downloader.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * What an operator may switch on: pickle formats allowed, inference services to refresh (one of them down), and an
 * internal token the downloader sends them (not demanded from the tests' own calls). Shared by the test classes
 * that need it, so Quarkus starts once for them.
 */
public class OperatorSettings implements QuarkusTestProfile {

  public static final String INTERNAL_TOKEN = "operator-settings-token";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("sdnest.downloader.allow-pickle", "true", "sdnest.internal-token", INTERNAL_TOKEN,
        "sdnest.require-internal-token", "false");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FakeHubs.class), new TestResourceEntry(FakeInference.class));
  }
}
