package io.sdnest.inference.service;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.awaitState;
import static io.sdnest.inference.service.ServiceCalls.metric;
import static io.sdnest.inference.service.ServiceCalls.state;
import static io.sdnest.inference.service.ServiceCalls.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Shutdown: once admission is closed, new requests get 503 with Retry-After while the running and queued ones finish.
 * Its own profile, so that the closed admission ends with this test's application.
 */
@QuarkusTest
@TestProfile(ShutdownDrainTest.OneAtATime.class)
class ShutdownDrainTest {

  public static class OneAtATime implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.max-running", "1");
    }
  }

  /** Seconds of work with the demo model on this CPU: still running when the refused requests come. */
  private static final String RUNNING = "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":2048,\"height\":2048,\"n_iter\":4}";
  private static final String SHORT = "{\"prompt\":\"red\",\"seed\":2,\"steps\":8,\"width\":64,\"height\":64}";

  @Inject
  InferenceWorker worker;

  @Inject
  WorkerLifecycle lifecycle;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void afterAdmissionClosesRunningAndQueuedJobsFinishAndNewRequestsGet503() throws Exception {
    String running = submit(RUNNING);
    awaitState(running, "running");
    String queued = submit(SHORT);
    assertThat(state(queued)).isEqualTo("queued");

    worker.admission().close();
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> lifecycle.onStop(new ShutdownEvent()));

    given().contentType(ContentType.JSON).body(SHORT).post("/sdapi/v1/txt2img").then().statusCode(503)
        .header("Retry-After", matchesPattern("[1-9][0-9]*")).body("error", equalTo("ServiceUnavailable"))
        .body("detail", containsString("shutting down"));
    given().contentType(ContentType.JSON).body(SHORT).post("/sdapi/v1/txt2img?async=true").then().statusCode(503)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    assertThat(state(running)).isEqualTo("running");
    assertThat(shutdown).as("drain waits for the running job").isNotDone();

    shutdown.get();

    assertThat(state(running)).isEqualTo("done");
    assertThat(state(queued)).isEqualTo("done");
    assertThat(worker.admission().running() + worker.admission().queued()).isZero();
    assertThat(metric(management, "sdnest_inference_jobs_rejected_total{reason=\"shutting_down\"}")).isEqualTo(2);
  }
}
