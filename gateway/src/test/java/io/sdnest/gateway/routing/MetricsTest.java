package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sdnest.gateway.stub.StubUpstreams;

@QuarkusTest
@WithTestResource(StubUpstreams.class)
class MetricsTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void countsRequestsByRouteTemplateAndRejectionsByReason() {
    as("alice").get("/sdapi/v1/samplers").then().statusCode(200);
    as("alice").get("/sdapi/v1/no-such-route-" + System.nanoTime() + "/missing").then().statusCode(404);
    as("anonymous").get("/sdapi/v1/random-" + System.nanoTime()).then().statusCode(401);
    String metrics = RestAssured.given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("sdnest_gateway_requests_seconds_count{method=\"GET\",route=\"/sdapi/v1/samplers\",status=\"200\"}")
        .contains("route=\"/sdapi/v1/*\",status=\"404\"")
        .containsPattern("sdnest_gateway_requests_seconds_bucket\\{[^}]*route=\"/sdapi/v1/samplers\"[^}]*le=\"600\\.0\"")
        .contains("sdnest_gateway_no_upstream_total{upstream=\"inference\"}")
        .contains("sdnest_gateway_upstream_waiting{upstream=\"inference\"} 0.0")
        .contains("route=\"/sdapi/v1/*\",status=\"401\"")
        .contains("sdnest_gateway_rejected_total{reason=\"unauthenticated\"}")
        .contains("sdnest_gateway_upstream_latency_seconds_count{replica=")
        .contains("sdnest_gateway_upstream_up{replica=")
        .doesNotContain("no-such-route")
        .doesNotContain("random-");
  }
}
