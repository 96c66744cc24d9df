package io.sdnest.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sdnest.gateway.stub.RawClient;

/** The three real jars on free ports with a temporary data directory, called through the gateway. */
class GatewayStackIT {

  static final String PASSWORD = "It-Adm1n-Pass";

  static ServiceProcess inference;
  static ServiceProcess downloader;
  static ServiceProcess gateway;
  static Path dataDir;

  @BeforeAll
  static void startStack() throws Exception {
    dataDir = Files.createTempDirectory("sdnest-it-data");
    inference = ServiceProcess.start("inference-service", dataDir, Map.of());
    downloader = ServiceProcess.start("model-downloader", dataDir, Map.of());
    inference.awaitReady();
    downloader.awaitReady();
    gateway = ServiceProcess.start("gateway", dataDir, Map.of("SDNEST_ADMIN_PASSWORD", PASSWORD),
        "-Dsdnest.gateway.inference-urls=" + inference.url(),
        "-Dsdnest.gateway.inference-management-urls=" + inference.managementUrl(),
        "-Dsdnest.gateway.downloader-url=" + downloader.url(),
        "-Dsdnest.gateway.downloader-management-url=" + downloader.managementUrl());
    gateway.awaitReady();
  }

  @AfterAll
  static void stopStack() throws Exception {
    for (ServiceProcess p : new ServiceProcess[] {gateway, downloader, inference}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void listsModelsThroughTheGatewayWithCredentials() {
    Response direct = given().get(inference.url() + "/sdapi/v1/sd-models");
    Response viaGateway = given().auth().preemptive().basic("admin", PASSWORD).get(gateway.url() + "/sdapi/v1/sd-models");
    assertThat(viaGateway.statusCode()).isIn(200, 404).isEqualTo(direct.statusCode());
    assertThat(viaGateway.asString()).isEqualTo(direct.asString());
  }

  @Test
  void refusesWithoutCredentials() {
    given().get(gateway.url() + "/sdapi/v1/sd-models").then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"sdnest\"")
        .body("detail", equalTo("Not authenticated"));
  }

  @Test
  void reachesTheDownloaderAsAdmin() {
    Response direct = given().get(downloader.url() + "/downloader/v1/jobs");
    given().auth().preemptive().basic("admin", PASSWORD).get(gateway.url() + "/downloader/v1/jobs").then()
        .statusCode(direct.statusCode())
        .statusCode(not(oneOf(401, 403, 502, 503, 504)))
        .body(equalTo(direct.asString()));
  }

  @Test
  void everyServiceIsReadyAndDocumented() {
    for (ServiceProcess p : new ServiceProcess[] {gateway, downloader, inference}) {
      given().get(p.managementUrl() + "/q/health/ready").then().statusCode(200);
    }
    given().get(gateway.url() + "/openapi/inference").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    given().get(gateway.url() + "/openapi/downloader").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    given().get(gateway.url() + "/docs/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"));
  }

  @Test
  void generatesThroughTheGatewayAndPngInfoReadsItBackWithoutCredentials() {
    String request = "{\"prompt\":\"a red apple\",\"steps\":4,\"width\":64,\"height\":64,\"seed\":42,\"sampler_name\":\"Euler\"}";
    String image = given().auth().preemptive().basic("admin", PASSWORD).contentType("application/json").body(request)
        .post(gateway.url() + "/sdapi/v1/txt2img").then().statusCode(200).extract().path("images[0]");
    given().contentType("application/json").body(Map.of("image", image))
        .post(gateway.url() + "/sdapi/v1/png-info").then().statusCode(200)
        .body("parameters.Seed", equalTo("42"))
        .body("parameters.Steps", equalTo("4"))
        .body("parameters.Prompt", equalTo("a red apple"));
  }

  @Test
  void aClientThatDisconnectsCancelsItsGenerationOnTheReplica() throws Exception {
    // Seconds of denoising on the demo model (150 steps, 4 images of 1024²); a cancel lands within a step.
    String slow = "{\"prompt\":\"a red apple\",\"steps\":150,\"width\":1024,\"height\":1024,\"batch_size\":4,"
        + "\"sampler_name\":\"Euler\"}";
    try (RawClient client = new RawClient("127.0.0.1", gateway.port)) {
      client.send("POST /sdapi/v1/txt2img", "admin", PASSWORD, slow);
      awaitProgress(state -> state.getInt("state.job_count") == 1 && state.getInt("state.sampling_steps") == 150
          && state.getInt("state.sampling_step") > 0, "the generation runs on the replica");
    }
    JsonPath after = awaitProgress(state -> state.getInt("state.job_count") == 0, "the job is gone");
    assertThat(after.getInt("state.sampling_step")).as("the job stopped before its last step").isLessThan(150);
  }

  /** Polls the replica's progress until the condition holds (a generous correctness wait, not a time limit). */
  private static JsonPath awaitProgress(Predicate<JsonPath> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonPath state;
    do {
      state = given().get(inference.url() + "/sdapi/v1/progress?skip_current_image=true").then().statusCode(200)
          .extract().jsonPath();
      if (condition.test(state)) {
        return state;
      }
      Thread.sleep(20);
    } while (System.nanoTime() - deadline < 0);
    throw new AssertionError(what + " did not happen; last progress: " + state.prettify());
  }

  @Test
  void txt2imgWithoutCredentialsGetsA1111s401() {
    given().contentType("application/json").body("{}").post(gateway.url() + "/sdapi/v1/txt2img").then()
        .statusCode(401)
        .body("error", equalTo("HTTPException"))
        .body("detail", equalTo("Not authenticated"));
  }
}
