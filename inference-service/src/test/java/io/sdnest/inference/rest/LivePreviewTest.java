package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sdnest.common.security.TrustedHeaders;

/**
 * progress's {@code current_image} while a job runs on the worker, as A1111's options {@code live_previews_enable} and
 * {@code show_progress_every_n_steps} say (here per request through override_settings).
 */
@QuarkusTest
class LivePreviewTest {

  /**
   * One long pass: 150 steps of four 2048x2048 images, far more than the test watches, each step long enough to be
   * seen by polling even on an idle machine (at 1024x1024 and one image, steps 11 to 49 could pass between two polls).
   */
  private static String request(String overrides) {
    return "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":2048,\"height\":2048,\"batch_size\":4,"
        + "\"override_settings\":{" + overrides + "}}";
  }

  private static RequestSpecification as(String user) {
    return given().header(TrustedHeaders.USER, user).header(TrustedHeaders.ROLES, "user");
  }

  /** The caller's progress; steps of the first (only) pass. */
  private record Seen(int step, boolean image) {
  }

  private static Seen progress(String user) {
    JsonPath p = as(user).get("/sdapi/v1/progress").then().statusCode(200).extract().jsonPath();
    return new Seen(p.getInt("state.sampling_step"), p.getString("current_image") != null);
  }

  private static String submit(String user, String body) {
    return as(user).contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img?async=true").then()
        .statusCode(202).extract().jsonPath().getString("id");
  }

  @Test
  void previewsComeEveryNStepsAsShowProgressEveryNStepsSays() throws Exception {
    String user = "p" + UUID.randomUUID().toString().substring(0, 8);
    String id = submit(user, request("\"show_progress_every_n_steps\":50"));
    try {
      boolean sawBefore = false;
      Seen seen = progress(user);
      while (seen.step() < 50) {
        if (seen.step() > 10) {
          sawBefore = true;
          assertThat(seen.image()).as("no preview at step %d, before step 50", seen.step()).isFalse();
        }
        Thread.sleep(5);
        seen = progress(user);
      }
      assertThat(sawBefore).as("the job was seen between steps 11 and 49").isTrue();
      assertThat(seen.image()).as("a preview from step 50 on (seen at %d)", seen.step()).isTrue();
    } finally {
      as(user).delete("/sdnest/v1/jobs/" + id);
    }
  }

  @Test
  void noPreviewWhenLivePreviewsAreDisabled() throws Exception {
    String user = "p" + UUID.randomUUID().toString().substring(0, 8);
    String id = submit(user, request("\"live_previews_enable\":false"));
    try {
      Seen seen = progress(user);
      while (seen.step() <= 20) {
        assertThat(seen.image()).as("step %d", seen.step()).isFalse();
        Thread.sleep(5);
        seen = progress(user);
      }
      assertThat(seen.image()).as("step %d", seen.step()).isFalse();
    } finally {
      as(user).delete("/sdnest/v1/jobs/" + id);
    }
  }

  @Test
  void aBadOptionValueIs400() {
    given().contentType(ContentType.JSON).body(request("\"live_previews_enable\":\"maybe\"")).post("/sdapi/v1/txt2img")
        .then().statusCode(400);
  }
}
