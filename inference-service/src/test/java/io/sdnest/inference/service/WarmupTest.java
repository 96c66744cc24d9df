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

/** {@code sdnest.inference.warmup}: the model is loaded and each row bucket run at start, without changing images. */
@QuarkusTest
@TestProfile(WarmupTest.WarmBuckets.class)
class WarmupTest {

  public static class WarmBuckets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.warmup", "true", "sdnest.inference.row-buckets", "2,4",
          "sdnest.inference.max-batch", "4");
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

    List<String> afterWarmup = txt2img(REQUEST);
    // a freshly loaded model that was never warmed up
    given().post("/sdapi/v1/unload-checkpoint").then().statusCode(200);
    assertThat(models.loaded()).isNull();
    List<String> cold = txt2img(REQUEST);

    assertThat(afterWarmup).hasSize(2);
    assertThat(cold).isEqualTo(afterWarmup);
  }
}
