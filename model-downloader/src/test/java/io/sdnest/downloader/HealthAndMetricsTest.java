package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndMetricsTest {

  /** The management interface's root, {@code http://host:port/q/}. */
  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void readinessReportsTheDataVolumeWritable() {
    given().get(management + "health/ready").then().statusCode(200)
        .body("status", equalTo("UP")).body("checks.find { it.name == 'data-volume' }.status", equalTo("UP"));
  }

  @Test
  void metricsAreInPrometheusFormatOnTheManagementPort() {
    given().get(management + "metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"))
        .body(containsString("sdnest_downloader_received_bytes_total")).body(containsString("sdnest_downloader_jobs_active"))
        .body(containsString("sdnest_downloader_jobs_queued"))
        .body(containsString("sdnest_downloader_verification_failures_total"));
  }

  @Test
  void unknownRouteAnswersFastApisNotFound() {
    given().get("/no/such/route").then().statusCode(404).body("detail", equalTo("Not Found"));
  }
}
