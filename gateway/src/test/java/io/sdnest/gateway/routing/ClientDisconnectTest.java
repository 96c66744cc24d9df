package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sdnest.gateway.stub.RawClient;
import io.sdnest.gateway.stub.StubUpstreams;

/**
 * A client that goes away takes its upstream request with it, so an inference replica sees the disconnect and cancels
 * the synchronous job instead of running it for nobody. The response timeout is long here: within the test's wait,
 * only the gateway passing the disconnect on can close the replica's side.
 */
@QuarkusTest
@WithTestResource(value = StubUpstreams.class,
    initArgs = @ResourceArg(name = StubUpstreams.RESPONSE_TIMEOUT, value = "10m"))
class ClientDisconnectTest {

  /** A correctness wait, generous for a loaded machine; not a performance limit. */
  private static final long WAIT_SECONDS = 10;
  private static final String ALICE = "alice";
  private static final String ALICE_PASSWORD = "Alice-Pa55";

  @TestHTTPResource("/")
  URL gateway;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void clientLeavingWhileTheGenerationIsPendingClosesTheUpstreamRequest() throws Exception {
    String leftEarly = "sdnest_gateway_requests_seconds_count{method=\"POST\",route=\"/sdapi/v1/*\",status=\"499\"}";
    String upstreamFailed = "sdnest_gateway_rejected_total{reason=\"upstream_failed\"}";
    double leftEarlyBefore = metric(leftEarly);
    double upstreamFailedBefore = metric(upstreamFailed);
    int before = abandoned();
    try (RawClient client = connect()) {
      client.send("POST /sdapi/v1/txt2img", ALICE, ALICE_PASSWORD, "{\"prompt\":\"a cat\"}");
      await(() -> held() == 1, "the generation reached a replica");
    }
    await(() -> abandoned() == before + 1, "the replica saw the connection of its request close");
    assertThat(held()).isZero();
    await(() -> metric(leftEarly) == leftEarlyBefore + 1, "the request is counted with status 499");
    assertThat(metric(upstreamFailed)).as("a client leaving is no upstream failure").isEqualTo(upstreamFailedBefore);
  }

  @Test
  void clientLeavingWhileTheResponseStreamsClosesTheUpstreamRequest() throws Exception {
    String leftEarly = "sdnest_gateway_requests_seconds_count{method=\"GET\",route=\"/sdapi/v1/trickle\",status=\"499\"}";
    double leftEarlyBefore = metric(leftEarly);
    int before = abandoned();
    try (RawClient client = connect()) {
      client.send("GET /sdapi/v1/trickle", ALICE, ALICE_PASSWORD, null);
      client.readUntil("first chunk");
    }
    await(() -> abandoned() == before + 1, "the replica saw the connection of its streaming response close");
    await(() -> metric(leftEarly) == leftEarlyBefore + 1, "the request is counted with status 499, not 200");
  }

  @Test
  void completedRequestLeavesItsUpstreamConnectionToTheNextRequest() {
    int first = as("admin").get("/downloader/v1/jobs").then().statusCode(200).extract().path("clientPort");
    int second = as("admin").get("/downloader/v1/jobs").then().statusCode(200).extract().path("clientPort");
    assertThat(second).as("the second request came on the first one's pooled connection").isEqualTo(first);
  }

  private RawClient connect() throws IOException {
    return new RawClient(gateway.getHost(), gateway.getPort());
  }

  private static int held() {
    return StubUpstreams.inferenceA().heldCount() + StubUpstreams.inferenceB().heldCount();
  }

  private static int abandoned() {
    return StubUpstreams.inferenceA().abandonedCount() + StubUpstreams.inferenceB().abandonedCount();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  /** The value of one series, 0 while it does not exist. */
  private double metric(String series) {
    String metrics = RestAssured.given().get(management + "metrics").then().statusCode(200).extract().asString();
    return metrics.lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElse(0);
  }
}
