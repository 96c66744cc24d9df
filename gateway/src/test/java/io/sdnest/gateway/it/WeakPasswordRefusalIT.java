package io.sdnest.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The packaged gateway refuses to start with an admin password that breaks the Compute Nest rule. */
class WeakPasswordRefusalIT {

  @Test
  void gatewayExitsWithAClearMessage() throws Exception {
    try (ServiceProcess gateway = ServiceProcess.start("gateway", Files.createTempDirectory("sdnest-weak"),
        Map.of("SDNEST_ADMIN_PASSWORD", "password"))) {
      int exit = gateway.awaitExit();
      assertThat(exit).isNotZero();
      assertThat(gateway.output())
          .contains("Refusing to start")
          .contains("the password of user 'admin' is too weak")
          .contains("8-30 characters with at least 3 of");
    }
  }
}
