package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Limits set under sdnest.inference.limits.* replace the built-in ones and are named in the 400; too many images count
 * as a too_large rejection.
 */
@QuarkusTest
@TestProfile(ConfiguredLimitsTest.TightLimits.class)
class ConfiguredLimitsTest {

  public static class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.limits.max-steps", "4", "sdnest.inference.limits.max-prompt-chunks", "1",
          "sdnest.inference.limits.max-images", "2", "sdnest.inference.limits.max-size", "128");
    }
  }

  private static io.restassured.response.ValidatableResponse txt2img(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then();
  }

  @Test
  void stepsAboveTheConfiguredMaximumAre400NamingIt() {
    txt2img("{\"width\":64,\"height\":64,\"steps\":5}").statusCode(400)
        .body("detail", containsString("steps must be between 1 and 4"));
    txt2img("{\"width\":64,\"height\":64,\"steps\":4}").statusCode(200);
  }

  @Test
  void sizeAndImageCountFollowTheConfiguredLimits() {
    txt2img("{\"width\":136,\"height\":64,\"steps\":2}").statusCode(400)
        .body("detail", containsString("width must be a multiple of 8 between 64 and 128"));
    txt2img("{\"width\":64,\"height\":64,\"steps\":2,\"batch_size\":3}").statusCode(400)
        .body("detail", containsString("at most 2"));
  }

  @TestHTTPResource(value = "/", management = true)
  URL management;

  private static final String TOO_LARGE = "sdnest_inference_jobs_rejected_total{reason=\"too_large\"}";

  @Test
  void requestsForMoreImagesThanAllowedAre400AndCountedAsTooLarge() {
    double before = metric(management, TOO_LARGE);
    txt2img("{\"width\":64,\"height\":64,\"steps\":2,\"batch_size\":3}").statusCode(400)
        .body("error", equalTo("HTTPException"))
        .body("detail", equalTo("batch_size × n_iter must be at most 2, got 3 × 1"));
    txt2img("{\"width\":64,\"height\":64,\"steps\":2,\"batch_size\":2,\"n_iter\":2}").statusCode(400)
        .body("error", equalTo("HTTPException"))
        .body("detail", equalTo("batch_size × n_iter must be at most 2, got 2 × 2"));
    assertThat(metric(management, TOO_LARGE)).isEqualTo(before + 2);
    txt2img("{\"width\":64,\"height\":64,\"steps\":2,\"batch_size\":1,\"n_iter\":2}").statusCode(200);
    assertThat(metric(management, TOO_LARGE)).as("a request within the limit is not counted").isEqualTo(before + 2);
  }

  @Test
  void aPromptLongerThanTheConfiguredChunksIs400NamingThePrompt() {
    String longPrompt = "red car ".repeat(60);
    txt2img("{\"prompt\":\"" + longPrompt + "\",\"width\":64,\"height\":64,\"steps\":2}").statusCode(400)
        .body("detail", containsString("prompt is too long")).body("detail", containsString("limit is 1 chunks"));
  }
}
