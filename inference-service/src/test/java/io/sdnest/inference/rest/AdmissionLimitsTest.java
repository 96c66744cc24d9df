package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sdnest.common.security.TrustedHeaders;

/** The admission limits over HTTP: per-user cap, fair turns, full queue, per-user queue, disconnects, metrics. */
@QuarkusTest
@TestProfile(AdmissionLimitsTest.SmallLimits.class)
class AdmissionLimitsTest {

  public static class SmallLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.max-running", "2", "sdnest.inference.max-running-per-user", "1",
          "sdnest.inference.max-queue", "6", "sdnest.inference.max-queued-per-user", "3");
    }
  }

  /** Minutes of work on this CPU: far more than any test needs to see it running. */
  private static final String LONG = "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":256,\"height\":256,\"n_iter\":64}";
  private static final String SHORT = "{\"prompt\":\"red\",\"seed\":2,\"steps\":40,\"width\":64,\"height\":64}";

  @TestHTTPResource("/")
  URL base;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  private final List<String> submitted = new ArrayList<>();

  private static RequestSpecification as(String user) {
    return given().header(TrustedHeaders.USER, user).header(TrustedHeaders.ROLES, "user");
  }

  private String submit(String user, String body) {
    String id = as(user).contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img?async=true").then()
        .statusCode(202).extract().jsonPath().getString("id");
    submitted.add(id);
    return id;
  }

  private static JsonPath job(String id) {
    return given().get("/sdnest/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static JsonPath awaitState(String id, String... states) throws InterruptedException {
    while (true) {
      JsonPath job = job(id);
      if (List.of(states).contains(job.getString("state"))) {
        return job;
      }
      Thread.sleep(20);
    }
  }

  @AfterEach
  void cancelEverything() throws InterruptedException {
    for (String id : submitted) {
      given().delete("/sdnest/v1/jobs/" + id);
    }
    for (String id : submitted) {
      while (given().get("/sdnest/v1/jobs/" + id).statusCode() == 200
          && !List.of("done", "failed", "cancelled").contains(job(id).getString("state"))) {
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aUserRunsOneJobAtATimeAndTheQueueRefusesBeyondItsLimits() throws Exception {
    List<String> alice = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      alice.add(submit("alice", LONG));
    }
    awaitState(alice.get(0), "running");
    assertThat(alice.subList(1, 4)).allMatch(id -> job(id).getString("state").equals("queued"));
    // alice has 3 waiting, her most: 429 for her, while others still get in
    as("alice").contentType(ContentType.JSON).body(LONG).post("/sdapi/v1/txt2img?async=true").then().statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
        .body("error", equalTo("TooManyRequests"));
    String bob = submit("bob", LONG);
    awaitState(bob, "running");
    for (int i = 0; i < 3; i++) {
      submit("bob", LONG);
    }
    // 2 running, 6 waiting: full
    var refused = as("carol").contentType(ContentType.JSON).body(LONG).post("/sdapi/v1/txt2img").then().statusCode(503)
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")).extract();
    assertThat(refused.jsonPath().getMap("$").keySet()).containsExactly("error", "detail", "body", "errors");
    assertThat(refused.jsonPath().getString("detail")).contains("queue is full");
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("sdnest_inference_queue_length 6.0", "sdnest_inference_running_jobs 2.0")
        .containsPattern("sdnest_inference_jobs_rejected_total\\{reason=\"queue_full\"\\} [1-9]")
        .containsPattern("sdnest_inference_jobs_rejected_total\\{reason=\"user_limit\"\\} [1-9]");
  }

  @Test
  void twoUsersJobsFinishInterleaved() throws Exception {
    // both slots busy, so all of ann's jobs are queued before ben's
    String blockerA = submit("zed", LONG);
    String blockerB = submit("yan", LONG);
    awaitState(blockerA, "running");
    awaitState(blockerB, "running");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit("ann", SHORT));
    }
    for (int i = 0; i < 3; i++) {
      ids.add(submit("ben", SHORT));
    }
    given().delete("/sdnest/v1/jobs/" + blockerA).then().statusCode(200);
    given().delete("/sdnest/v1/jobs/" + blockerB).then().statusCode(200);
    record Finished(String owner, Instant at) {
    }
    List<Finished> finished = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonPath done = awaitState(ids.get(i), "done");
      finished.add(new Finished(i < 3 ? "ann" : "ben", Instant.parse(done.getString("finished"))));
    }
    List<String> order = finished.stream().sorted(Comparator.comparing(Finished::at)).map(Finished::owner).toList();
    assertThat(order.subList(0, 3)).as("finish order %s", order).contains("ann", "ben");
    assertThat(order.subList(3, 6)).as("finish order %s", order).contains("ann", "ben");
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("sdnest_inference_images_total", "sdnest_inference_step_seconds_bucket",
        "sdnest_inference_unet_rows_bucket", "sdnest_inference_unet_call_seconds_count",
        "sdnest_inference_text_encoder_rows_bucket", "sdnest_inference_vae_rows_bucket{call=\"decode\"",
        "sdnest_inference_vae_call_seconds_count{call=\"decode\"", "sdnest_inference_text_encoder_call_seconds_count",
        "sdnest_inference_first_step_seconds_count", "sdnest_inference_model_load_seconds_count");
  }

  @Test
  void aClientThatDisconnectsFreesItsSlot() throws Exception {
    String host = base.getHost();
    int port = base.getPort();
    // the synchronous request of a client that goes away
    try (Socket socket = new Socket(host, port)) {
      byte[] body = LONG.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /sdapi/v1/txt2img HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + TrustedHeaders.USER + ": gone\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      while (as("gone").get("/sdapi/v1/progress").then().extract().jsonPath().getInt("state.sampling_step") == 0) {
        Thread.sleep(10);
      }
      // the other slot busy, a third job waits
      String other = submit("other", LONG);
      awaitState(other, "running");
      String waiting = submit("third", SHORT);
      assertThat(job(waiting).getString("state")).isEqualTo("queued");
      socket.close();
      awaitState(waiting, "running", "done");
    }
    as("gone").get("/sdapi/v1/progress").then().body("state.job", equalTo(""))
        .body("state.job_timestamp", containsString("20"));
  }
}
