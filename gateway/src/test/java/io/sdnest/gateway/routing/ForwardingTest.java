package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.gateway.stub.StubUpstreams;

@QuarkusTest
@WithTestResource(StubUpstreams.class)
class ForwardingTest {

  @Test
  void passesIdentityAndForwardingHeadersButNotTheClientsCredentials() {
    JsonPath echo = as("alice")
        .header("X-Sdnest-User", "admin")
        .header("X-Sdnest-Roles", "admin")
        .header("x-sdnest-internal-token", "forged")
        .header("X-Forwarded-For", "6.6.6.6")
        .header("Forwarded", "for=6.6.6.6")
        .header("X-Custom", "kept")
        .queryParam("a", "1")
        .get("/sdapi/v1/progress")
        .then().statusCode(200).extract().jsonPath();
    Map<String, String> headers = echo.getMap("headers");
    assertThat(headers).doesNotContainKey("authorization");
    assertThat(headers).containsEntry("x-sdnest-user", "alice")
        .containsEntry("x-sdnest-roles", "user")
        .containsEntry("x-sdnest-internal-token", "stub-internal-token")
        .containsEntry("x-forwarded-for", "127.0.0.1")
        .containsEntry("x-forwarded-proto", "http")
        .containsEntry("x-custom", "kept");
    assertThat(headers.get("forwarded")).startsWith("for=127.0.0.1;proto=http;host=");
    assertThat(headers).containsKey("x-forwarded-host");
    assertThat(echo.getString("uri")).isEqualTo("/sdapi/v1/progress?a=1");
  }

  @Test
  void adminGetsBothRoles() {
    Map<String, String> headers = as("admin").get("/downloader/v1/jobs").then().statusCode(200)
        .extract().jsonPath().getMap("headers");
    assertThat(headers).containsEntry("x-sdnest-user", "admin").containsEntry("x-sdnest-roles", "admin,user");
  }

  @Test
  void publicCallsCarryNoIdentityEvenIfTheClientForgesOne() {
    Map<String, String> headers = as("anonymous").header("X-Sdnest-User", "admin").header("X-Sdnest-Roles", "admin")
        .contentType("application/json").body("{}")
        .post("/sdapi/v1/png-info").then().statusCode(200).extract().jsonPath().getMap("headers");
    assertThat(headers).doesNotContainKeys("x-sdnest-user", "x-sdnest-roles");
  }

  @Test
  void upstreamErrorsComeBackUnchanged() {
    JsonPath body = as("alice").get("/sdapi/v1/missing").then().statusCode(404).extract().jsonPath();
    assertThat(body.getString("service")).startsWith("inference");
  }

  @Test
  void pathsWithDotSegmentsAreRefused() {
    as("alice").urlEncodingEnabled(false).get("/sdapi/v1/../v1/options").then().statusCode(400);
  }

  @Test
  void theGatewayItselfDemandsNoInternalTokenFromItsClients() {
    as("anonymous").get("/docs").then().statusCode(200);
    as("alice").get("/no/such/gateway/route").then().statusCode(404);
  }
}
