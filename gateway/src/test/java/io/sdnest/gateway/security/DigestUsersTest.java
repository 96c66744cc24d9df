package io.sdnest.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sdnest.gateway.config.AdminUser;
import io.sdnest.gateway.stub.StubUpstreams;

/** The realm storing HEX(MD5(user:realm:password)) digests: configured users and the generated admin both log in. */
@QuarkusTest
@TestProfile(DigestUsersTest.Digests.class)
@WithTestResource(StubUpstreams.class)
class DigestUsersTest {

  public static class Digests implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.security.users.embedded.plain-text", "false",
          "quarkus.security.users.embedded.users.dora", AdminUser.digest("dora", "sdnest", "Dora-Pa55"),
          "quarkus.security.users.embedded.roles.dora", "user",
          // weak, but a digest can't be checked; only plain passwords are
          "quarkus.security.users.embedded.users.alice", AdminUser.digest("alice", "sdnest", "weak"),
          "quarkus.security.users.embedded.users.norole", AdminUser.digest("norole", "sdnest", "NoRole-Pa55"));
    }
  }

  @Test
  void digestUserLogsIn() {
    given().auth().preemptive().basic("dora", "Dora-Pa55").get("/sdapi/v1/sd-models").then().statusCode(200)
        .body("headers.x-sdnest-user", equalTo("dora"));
    given().auth().preemptive().basic("dora", "Dora-Pa56").get("/sdapi/v1/sd-models").then().statusCode(401);
  }

  @Test
  void adminFromTheEnvironmentIsStoredAsDigestAndLogsIn() {
    given().auth().preemptive().basic("admin", "Adm1n-Secret!").get("/downloader/v1/jobs").then().statusCode(200);
  }
}
