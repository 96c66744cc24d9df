package io.sdnest.downloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The test switches (on in the test profile) are warned about while the service starts, before any download. */
@QuarkusTest
@TestProfile(TestSwitchesLoggedAtStartupTest.LogToFile.class)
class TestSwitchesLoggedAtStartupTest {

  /** One file per test JVM, so a log from an earlier run cannot make the test pass. */
  static final Path LOG = Path.of("target/startup-" + ProcessHandle.current().pid() + ".log").toAbsolutePath();

  public static class LogToFile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
    }
  }

  @Test
  void bothTestSwitchesAreLoggedAsWarningsAtStartup() throws IOException {
    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    assertThat(log).containsPattern("WARN .*sdnest.downloader.allow-http is ON")
        .containsPattern("WARN .*sdnest.downloader.allow-private-addresses is ON");
  }
}
