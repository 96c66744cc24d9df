package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sdnest.gateway.stub.RawClient;
import io.sdnest.gateway.stub.ScaledToZeroUpstreams;
import io.sdnest.gateway.stub.StubService;

/** With inference at zero replicas the gateway stays ready, holds requests a bounded while, and counts them for KEDA. */
@QuarkusTest
@WithTestResource(ScaledToZeroUpstreams.class)
class ScaleFromZeroTest {

  @TestHTTPResource("/")
  URL gateway;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void aRequestWaitsForTheFirstReplicaAndOneTooManyIsTurnedAwayAtOnce() throws Exception {
    StubService inference = ScaledToZeroUpstreams.inference();
    RestAssured.given().get(management + "health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'upstreams' }.data.required", equalTo(false));
    awaitOutOfRotation();

    CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> as("alice").get("/sdapi/v1/sd-models"));
    awaitMetric("sdnest_gateway_upstream_waiting{upstream=\"inference\"} 1.0");
    assertThat(metrics()).containsPattern("sdnest_gateway_no_upstream_total\\{upstream=\"inference\"} [1-9]");

    // max-waiting is 1: the next request is not held.
    as("alice").get("/sdapi/v1/sd-models").then().statusCode(503)
        .header("Retry-After", "5")
        .body("error", equalTo("ServiceUnavailable"));
    assertThat(waiting).isNotDone();

    inference.start();
    inference.setReady(true);
    waiting.get().then().statusCode(200).body("service", equalTo("inference"));
    awaitMetric("sdnest_gateway_upstream_waiting{upstream=\"inference\"} 0.0");
  }

  @Test
  void aClientThatLeavesWhileWaitingGivesUpItsPlaceAndItsRequestIsNeverSent() throws Exception {
    StubService inference = ScaledToZeroUpstreams.inference();
    inference.stop();
    inference.setReady(false);
    try {
      awaitOutOfRotation();
      try (RawClient client = new RawClient(gateway.getHost(), gateway.getPort())) {
        client.send("GET /sdapi/v1/sd-models?abandoned", "alice", "Alice-Pa55", null);
        awaitMetric("sdnest_gateway_upstream_waiting{upstream=\"inference\"} 1.0");
      }
      // Freed while the service is still at zero: the place is not held until a replica comes or the wait runs out.
      awaitMetric("sdnest_gateway_upstream_waiting{upstream=\"inference\"} 0.0");

      inference.start();
      inference.setReady(true);
      as("alice").get("/sdapi/v1/sd-models").then().statusCode(200);
      assertThat(inference.receivedUris()).doesNotContain("/sdapi/v1/sd-models?abandoned");
      awaitMetric("sdnest_gateway_upstream_in_flight{replica=\"" + inference.url().substring(7)
          + "\",upstream=\"inference\"} 0.0");
    } finally {
      inference.stop();
      inference.setReady(false);
    }
  }

  /** The stub starts down; the first probe takes it out of rotation. */
  private void awaitOutOfRotation() throws InterruptedException {
    awaitMetric("sdnest_gateway_upstream_up{replica=\"" + ScaledToZeroUpstreams.inference().url().substring(7)
        + "\",upstream=\"inference\"} 0.0");
  }

  private void awaitMetric(String line) throws InterruptedException {
    for (int i = 0; i < 300 && !metrics().contains(line); i++) {
      Thread.sleep(100);
    }
    assertThat(metrics()).contains(line);
  }

  private String metrics() {
    return RestAssured.given().get(management + "metrics").then().statusCode(200).extract().asString();
  }
}
