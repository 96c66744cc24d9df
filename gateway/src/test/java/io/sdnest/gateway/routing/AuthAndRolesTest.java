package io.sdnest.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.sdnest.gateway.stub.StubUpstreams;

@QuarkusTest
@WithTestResource(StubUpstreams.class)
class AuthAndRolesTest {

  static final String ADMIN_PASSWORD = "Adm1n-Secret!";

  @TestHTTPResource(value = "/", management = true)
  URL management;

  static RequestSpecification as(String who) {
    return switch (who) {
      case "admin" -> given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
      case "alice" -> given().auth().preemptive().basic("alice", "Alice-Pa55");
      case "norole" -> given().auth().preemptive().basic("norole", "NoRole-Pa55");
      default -> given();
    };
  }

  @Test
  void withoutCredentialsAnswers401NotAuthenticatedWithChallenge() {
    given().get("/sdapi/v1/sd-models").then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"sdnest\"")
        .body("error", equalTo("HTTPException"))
        .body("detail", equalTo("Not authenticated"))
        .body("body", equalTo(""))
        .body("errors", equalTo(""));
  }

  @Test
  void withWrongPasswordAnswers401IncorrectCredentials() {
    given().auth().preemptive().basic("alice", "wrong-Pa55").get("/sdapi/v1/sd-models").then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"sdnest\"")
        .body("detail", equalTo("Incorrect username or password"));
    given().auth().preemptive().basic("nobody", "Alice-Pa55").get("/sdapi/v1/sd-models").then()
        .statusCode(401).body("detail", equalTo("Incorrect username or password"));
    given().header("Authorization", "Basic !!!not-base64").get("/sdapi/v1/sd-models").then()
        .statusCode(401).body("detail", equalTo("Incorrect username or password"));
  }

  @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
  @CsvSource({
      "GET,  /sdapi/v1/sd-models,          alice,  200",
      "GET,  /sdapi/v1/options,            alice,  200",
      "GET,  /sdapi/v1/progress,           alice,  200",
      "POST, /sdapi/v1/img2img,            alice,  200",
      "POST, /sdapi/v1/interrupt,          alice,  200",
      "POST, /sdapi/v1/skip,               alice,  200",
      "GET,  /sdnest/v1/jobs,              alice,  200",
      "POST, /sdapi/v1/options,            alice,  403",
      "POST, /sdapi/v1/refresh-checkpoints, alice, 403",
      "POST, /sdapi/v1/unload-checkpoint,  alice,  403",
      "POST, /sdapi/v1/reload-checkpoint,  alice,  403",
      "GET,  /downloader/v1/jobs,          alice,  403",
      "POST, /downloader/v1/jobs,          alice,  403",
      "GET,  /sdapi/v1/sd-models,          norole, 403",
      "POST, /sdapi/v1/options,            admin,  200",
      "POST, /sdapi/v1/refresh-checkpoints, admin, 200",
      "POST, /sdapi/v1/unload-checkpoint,  admin,  200",
      "GET,  /sdapi/v1/sd-models,          admin,  200",
      "GET,  /downloader/v1/jobs,          admin,  200",
      "POST, /downloader/v1/jobs,          admin,  200",
      "GET,  /sdapi/v1/sd-models,          anonymous, 401",
      "POST, /downloader/v1/jobs,          anonymous, 401",
      "POST, /sdapi/v1/png-info,           anonymous, 200",
      "GET,  /sdapi/v1/png-info,           anonymous, 401",
  })
  void roleMatrix(String method, String path, String who, int status) {
    as(who).body(method.equals("POST") ? "{}" : "").contentType("application/json")
        .request(method, path).then().statusCode(status);
  }

  @Test
  void forbiddenNamesTheMissingRole() {
    as("alice").post("/downloader/v1/jobs").then()
        .statusCode(403)
        .body("error", equalTo("HTTPException"))
        .body("detail", containsString("admin"));
  }

  @Test
  void docsAreAnHtmlPageListingEveryService() {
    String page = given().redirects().follow(true).get("/docs").then().statusCode(200)
        .contentType(containsString("text/html")).extract().asString();
    org.assertj.core.api.Assertions.assertThat(page).containsIgnoringCase("swagger");
    String config = page;
    org.assertj.core.api.Assertions.assertThat(config).contains("/openapi/inference", "/openapi/downloader", "/q/openapi");
  }

  @Test
  void specsOfEveryServiceArePublic() {
    given().get("/openapi/inference").then().statusCode(200).body("info.title", equalTo("inference-a"));
    given().get("/openapi/downloader").then().statusCode(200).body("info.title", equalTo("downloader"));
    given().accept("application/json").get("/q/openapi").then().statusCode(200).body("openapi", containsString("3."));
  }

  @Test
  void readinessNeedsNoCredentialsAndReportsUpstreams() {
    given().get(management + "health/ready").then()
        .statusCode(200)
        .body("checks.find { it.name == 'upstreams' }.status", equalTo("UP"));
  }
}
