package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sdnest.gateway.stub.StubService;
import io.sdnest.gateway.stub.StubUpstreams;

@QuarkusTest
@WithTestResource(StubUpstreams.class)
class UpstreamFailureTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void upstreamResetIs502() {
    as("alice").get("/sdapi/v1/reset").then()
        .statusCode(502)
        .body("error", equalTo("BadGateway"))
        .body("body", equalTo(""));
  }

  @Test
  void upstreamSilenceIs504AfterTheResponseTimeout() {
    as("alice").get("/sdapi/v1/slow").then()
        .statusCode(504)
        .body("error", equalTo("GatewayTimeout"));
  }

  @Test
  void upstreamDownIs503() {
    StubService downloader = StubUpstreams.downloader();
    downloader.stop();
    try {
      as("admin").get("/downloader/v1/jobs").then()
          .statusCode(503)
          .header("Retry-After", "5")
          .body("error", equalTo("ServiceUnavailable"))
          .body("detail", containsString("downloader"));
    } finally {
      downloader.start();
    }
    awaitServedBy("downloader", "/downloader/v1/jobs", "admin");
  }

  @Test
  void failingReplicaIsEjectedAndComesBackWhenReady() throws InterruptedException {
    StubService b = StubUpstreams.inferenceB();
    b.stop();
    b.setReady(false);
    try {
      for (int i = 0; i < 10; i++) {
        as("alice").get("/sdapi/v1/sd-models").then().statusCode(200).body("service", equalTo("inference-a"));
      }
      assertThat(metrics()).contains("sdnest_gateway_upstream_up{replica=\"" + host(b) + "\",upstream=\"inference\"} 0.0");
      b.start();
      Thread.sleep(600); // several probe intervals: b is reachable but reports not ready, so it stays out
      for (int i = 0; i < 10; i++) {
        as("alice").get("/sdapi/v1/sd-models").then().statusCode(200).body("service", equalTo("inference-a"));
      }
    } finally {
      b.start();
      b.setReady(true);
    }
    awaitServedBy("inference-b", "/sdapi/v1/sd-models", "alice");
    RestAssured.given().get(management + "health/ready").then().statusCode(200);
  }

  @Test
  void gatewayIsNotReadyWhileNoDownloaderIs() throws InterruptedException {
    StubService downloader = StubUpstreams.downloader();
    downloader.setReady(false);
    try {
      long deadline = System.currentTimeMillis() + 10_000;
      int status;
      do {
        Thread.sleep(100);
        status = RestAssured.given().get(management + "health/ready").statusCode();
      } while (status != 503 && System.currentTimeMillis() < deadline);
      assertThat(status).isEqualTo(503);
    } finally {
      downloader.setReady(true);
    }
    awaitServedBy("downloader", "/downloader/v1/jobs", "admin");
  }

  private static String host(StubService s) {
    return s.url().substring("http://".length());
  }

  private String metrics() {
    return RestAssured.given().get(management + "metrics").then().statusCode(200).extract().asString();
  }

  /** Waits (bounded by the probe interval, not a test time limit) until the service answers again. */
  private static void awaitServedBy(String service, String path, String who) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200 && !seen.contains(service); i++) {
      seen.add(as(who).get(path).then().extract().path("service") + "");
      if (!seen.contains(service)) {
        sleep();
      }
    }
    assertThat(seen).contains(service);
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
