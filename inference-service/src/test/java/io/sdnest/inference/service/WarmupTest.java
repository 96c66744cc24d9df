package io.sdnest.inference.service;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.await;
import static io.sdnest.inference.service.ServiceCalls.metric;
import static io.sdnest.inference.service.ServiceCalls.txt2img;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code sdnest.inference.warmup}: the model is loaded and each row bucket, 1 included, run at start at each of
 * {@code sdnest.inference.warmup-sizes}, without changing images.
 */
@QuarkusTest
@TestProfile(WarmupTest.WarmBuckets.class)
class WarmupTest {

  public static class WarmBuckets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.warmup", "true", "sdnest.inference.row-buckets", "1,2,4",
          "sdnest.inference.max-batch", "4", "sdnest.inference.warmup-sizes", "64x64, 128x64");
    }
  }

  /** Two guided images: 4 rows, the larger bucket. */
  private static final String REQUEST = "{\"prompt\":\"a red fox\",\"seed\":11,\"steps\":6,\"width\":64,\"height\":64,"
      + "\"batch_size\":2,\"sampler_name\":\"Euler a\"}";

  @Inject
  ModelHolder models;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void theServiceStartsWarmAndWarmUpDoesNotChangeImages() throws Exception {
    await("the warm-up recorded", () -> metric(management, "sdnest_inference_warmup_seconds_count") >= 1);
    assertThat(models.loaded()).as("model loaded by the warm-up, before any request").isNotNull();
    // cumulative: calls of at most 1, 2 and 4 rows; one call per bucket and size
    assertThat(metric(management, "sdnest_inference_unet_rows_bucket{le=\"1.0\"}")).as("1 row").isEqualTo(2);
    assertThat(metric(management, "sdnest_inference_unet_rows_bucket{le=\"2.0\"}")).as("1-2 rows").isEqualTo(4);
    assertThat(metric(management, "sdnest_inference_unet_rows_bucket{le=\"4.0\"}")).as("1-4 rows").isEqualTo(6);
    assertThat(metric(management, "sdnest_inference_unet_rows_count")).isEqualTo(6);

    List<String> afterWarmup = txt2img(REQUEST);
    // a freshly loaded model that was never warmed up
    given().post("/sdapi/v1/unload-checkpoint").then().statusCode(200);
    assertThat(models.loaded()).isNull();
    List<String> cold = txt2img(REQUEST);

    assertThat(afterWarmup).hasSize(2);
    assertThat(cold).isEqualTo(afterWarmup);
  }
}
