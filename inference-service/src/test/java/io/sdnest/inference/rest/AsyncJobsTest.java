package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sdnest.common.security.TrustedHeaders;

/** Async txt2img/img2img: 202 with a job, its state and result under /sdnest/v1/jobs, ownership, ids, cancel. */
@QuarkusTest
class AsyncJobsTest {

  private static final String SMALL = "{\"prompt\":\"a red car\",\"seed\":7,\"steps\":4,\"width\":64,\"height\":64}";
  /** Far more work than any test needs to observe it running. */
  private static final String LONG = "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":256,\"height\":256,\"n_iter\":64}";

  @AfterEach
  void stopWhatStillRuns() {
    // a direct caller is an admin: this interrupts every job a failed test may have left running
    given().post("/sdapi/v1/interrupt").then().statusCode(200);
  }

  private static RequestSpecification as(String user, String roles) {
    return given().header(TrustedHeaders.USER, user).header(TrustedHeaders.ROLES, roles);
  }

  private static JsonPath awaitState(RequestSpecification who, String id, String... states) throws InterruptedException {
    while (true) {
      JsonPath job = who.get("/sdnest/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
      if (List.of(states).contains(job.getString("state"))) {
        return job;
      }
      Thread.sleep(20);
    }
  }

  @Test
  void anAsyncTxt2imgAnswers202AndItsJobEndsWithTheBodyTheSyncRouteAnswers() throws Exception {
    String user = "u" + UUID.randomUUID().toString().substring(0, 8);
    var accepted = as(user, "user").contentType(ContentType.JSON).body(SMALL).post("/sdapi/v1/txt2img?async=true")
        .then().statusCode(202).header("Location", startsWith("/sdnest/v1/jobs/")).extract().jsonPath();
    String id = accepted.getString("id");
    assertThat(id).matches("[A-Za-z0-9]+");
    assertThat(accepted.getString("location")).isEqualTo("/sdnest/v1/jobs/" + id);
    assertThat(accepted.getString("state")).isIn("queued", "running");
    JsonPath done = awaitState(as(user, "user"), id, "done", "failed");
    assertThat(done.getString("state")).isEqualTo("done");
    assertThat(done.getDouble("progress")).isEqualTo(1.0);
    assertThat(done.getString("error")).isNull();
    List<String> images = done.getList("result.images");
    JsonPath sync = given().contentType(ContentType.JSON).body(SMALL).post("/sdapi/v1/txt2img").then().statusCode(200)
        .extract().jsonPath();
    assertThat(images).isEqualTo(sync.getList("images"));
    assertThat(done.getMap("result.parameters")).isEqualTo(sync.getMap("parameters"));
  }

  @Test
  void onlyTheOwnerAndAdminsSeeAJob() throws Exception {
    String id = as("alice", "user").contentType(ContentType.JSON).body(SMALL).post("/sdapi/v1/txt2img?async=true")
        .then().statusCode(202).extract().jsonPath().getString("id");
    as("bob", "user").get("/sdnest/v1/jobs/" + id).then().statusCode(404).body("detail", equalTo("No job '" + id + "'"));
    as("bob", "user").delete("/sdnest/v1/jobs/" + id).then().statusCode(404);
    as("root", "user,admin").get("/sdnest/v1/jobs/" + id).then().statusCode(200).body("id", equalTo(id));
    awaitState(as("alice", "user"), id, "done");
    given().get("/sdnest/v1/jobs/no-such-job").then().statusCode(404);
  }

  @Test
  void behindTheGatewayIdsCarryTheReplicaAndForceTaskIdIsKeptButMustBeFree() throws Exception {
    String id = given().header(TrustedHeaders.REPLICA, "r7").contentType(ContentType.JSON).body(SMALL)
        .post("/sdapi/v1/txt2img?async=true").then().statusCode(202).extract().jsonPath().getString("id");
    assertThat(id).matches("r7-[A-Za-z0-9]+");
    String malformed = given().header(TrustedHeaders.REPLICA, "R_7!").contentType(ContentType.JSON).body(SMALL)
        .post("/sdapi/v1/txt2img?async=true").then().statusCode(202).extract().jsonPath().getString("id");
    assertThat(malformed).matches("[A-Za-z0-9]+");

    String task = "task(" + UUID.randomUUID().toString().substring(0, 8) + ")";
    String forced = SMALL.replace("{", "{\"force_task_id\":\"" + task + "\",");
    given().header(TrustedHeaders.REPLICA, "r7").contentType(ContentType.JSON).body(forced).post("/sdapi/v1/txt2img")
        .then().statusCode(202).body("id", equalTo("r7-" + task)).body("location", equalTo("/sdnest/v1/jobs/r7-" + task));
    given().header(TrustedHeaders.REPLICA, "r7").contentType(ContentType.JSON).body(forced).post("/sdapi/v1/txt2img")
        .then().statusCode(409).body("error", equalTo("Conflict"));
    given().contentType(ContentType.JSON).body(SMALL.replace("{", "{\"force_task_id\":\"" + "x".repeat(65) + "\","))
        .post("/sdapi/v1/txt2img").then().statusCode(400);
    awaitState(given(), "r7-" + task, "done");
    awaitState(given(), id, "done");
    awaitState(given(), malformed, "done");
  }

  @Test
  void deleteCancelsARunningJobAtAStepAndForgetsAFinishedOne() throws Exception {
    String id = as("carol", "user").contentType(ContentType.JSON).body(LONG).post("/sdapi/v1/txt2img?async=true")
        .then().statusCode(202).extract().jsonPath().getString("id");
    while (as("carol", "user").get("/sdnest/v1/jobs/" + id).then().extract().jsonPath().getInt("sampling_step") == 0) {
      Thread.sleep(10);
    }
    as("carol", "user").delete("/sdnest/v1/jobs/" + id).then().statusCode(200).body("id", equalTo(id));
    JsonPath cancelled = awaitState(as("carol", "user"), id, "cancelled", "done", "failed");
    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    assertThat(cancelled.getString("result")).isNull();
    as("carol", "user").delete("/sdnest/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("cancelled"));
    as("carol", "user").get("/sdnest/v1/jobs/" + id).then().statusCode(404);
  }

  @Test
  void aJobThatFailsReportsTheErrorItsSyncRequestWouldHaveGot() throws Exception {
    String id = given().contentType(ContentType.JSON)
        .body("{\"steps\":2,\"width\":64,\"height\":64,\"override_settings\":{\"sd_model_checkpoint\":\"missing-model\"}}")
        .post("/sdapi/v1/txt2img?async=true").then().statusCode(202).extract().jsonPath().getString("id");
    JsonPath failed = awaitState(given(), id, "failed", "done");
    assertThat(failed.getString("state")).isEqualTo("failed");
    Map<String, Object> error = failed.getMap("error");
    assertThat(error.keySet()).containsExactly("error", "detail", "body", "errors");
    assertThat((String) error.get("detail")).contains("missing-model");
  }

  @Test
  void progressInterruptAndSkipAreScopedToTheCallersJobs() throws Exception {
    String id = as("dave", "user").contentType(ContentType.JSON).body(LONG).post("/sdapi/v1/txt2img?async=true")
        .then().statusCode(202).extract().jsonPath().getString("id");
    while (as("dave", "user").get("/sdnest/v1/jobs/" + id).then().extract().jsonPath().getInt("sampling_step") == 0) {
      Thread.sleep(10);
    }
    as("dave", "user").get("/sdapi/v1/progress").then().statusCode(200).body("state.job", equalTo("scripts_txt2img"))
        .body("state.job_count", equalTo(64)).body("state.sampling_steps", equalTo(150));
    String eve = "eve" + UUID.randomUUID().toString().substring(0, 6);
    as(eve, "user").get("/sdapi/v1/progress").then().statusCode(200).body("state.job", equalTo(""))
        .body("progress", equalTo(0.0f));
    as(eve, "user").post("/sdapi/v1/interrupt").then().statusCode(200);
    as(eve, "user").post("/sdapi/v1/skip").then().statusCode(200);
    double before = as("dave", "user").get("/sdnest/v1/jobs/" + id).then().extract().jsonPath().getDouble("progress");
    while (as("dave", "user").get("/sdnest/v1/jobs/" + id).then().statusCode(200).extract().jsonPath()
        .getDouble("progress") <= before + 0.001) {
      Thread.sleep(10);
    }
    assertThat(as("dave", "user").get("/sdnest/v1/jobs/" + id).then().extract().jsonPath().getString("state"))
        .as("another user's interrupt left the job running").isEqualTo("running");
    as("dave", "user").post("/sdapi/v1/interrupt").then().statusCode(200);
    JsonPath done = awaitState(as("dave", "user"), id, "done", "cancelled", "failed");
    assertThat(done.getString("state")).isEqualTo("done");
    assertThat(done.getList("result.images")).hasSizeBetween(1, 63);
    as("dave", "user").get("/sdapi/v1/progress").then().body("state.interrupted", equalTo(true))
        .body("state.job", equalTo(""));
  }

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void jobsAreInTheOpenApiDocument() {
    given().get(management + "openapi?format=json").then().statusCode(200)
        .body("paths.'/sdnest/v1/jobs/{id}'.get.summary", startsWith("State and progress"))
        .body("paths.'/sdnest/v1/jobs/{id}'.delete.summary", startsWith("Cancels"))
        .body("paths.'/sdapi/v1/txt2img'.post.responses.'202'.description", startsWith("Queued"))
        .body("components.schemas.JobStatus.properties.state.description", startsWith("queued"))
        .body("components.schemas.JobAccepted.properties.location.examples[0]", startsWith("/sdnest/v1/jobs/"));
  }
}
