package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.txt2img;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sdnest.inference.service.ServiceCalls;

/** progress, interrupt and skip: A1111's shapes idle and while a generation runs. */
@QuarkusTest
class ProgressResourceTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void idleProgressHasA1111sFieldsInOrder() throws Exception {
    String body = given().get("/sdapi/v1/progress").then().statusCode(200).extract().asString();
    Map<String, Object> progress = new ObjectMapper().readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
    assertThat(progress.keySet()).containsExactly("progress", "eta_relative", "state", "current_image", "textinfo");
    assertThat(progress.get("progress")).isEqualTo(0.0);
    assertThat(progress.get("eta_relative")).isEqualTo(0.0);
    assertThat(progress.get("current_image")).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> state = (Map<String, Object>) progress.get("state");
    assertThat(state.keySet()).containsExactly("skipped", "interrupted", "stopping_generation", "job", "job_count",
        "job_timestamp", "job_no", "sampling_step", "sampling_steps");
    assertThat(state.get("job")).isEqualTo("");
    assertThat(state.get("job_count")).isEqualTo(0);
  }

  @Test
  void interruptAnswersEmptyObjectAndSkipAnswersNull() {
    given().post("/sdapi/v1/interrupt").then().statusCode(200).body(equalTo("{}"));
    given().post("/sdapi/v1/skip").then().statusCode(200).body(equalTo("null"));
  }

  @Test
  void skipEndsTheCurrentBatchAndTheNextRunsInFull() throws Exception {
    // batches of a few tenths of a second, so the skip lands in the first
    String body = "{\"prompt\":\"a red car\",\"steps\":150,\"width\":512,\"height\":512,\"seed\":8,\"batch_size\":4,"
        + "\"n_iter\":2}";
    double rowsBefore = unetRows();
    List<String> normal = txt2img(body);
    double normalRows = unetRows() - rowsBefore;
    CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(() -> txt2img(body));
    boolean skipped = false;
    while (!run.isDone()) {
      Map<String, Object> state = given().get("/sdapi/v1/progress").then().statusCode(200).extract().jsonPath()
          .getMap("state");
      if ("scripts_txt2img".equals(state.get("job")) && ((Integer) state.get("job_no")) == 0
          && ((Integer) state.get("sampling_step")) > 0) {
        given().post("/sdapi/v1/skip").then().statusCode(200);
        skipped = true;
        break;
      }
      Thread.sleep(5);
    }
    assertThat(skipped).as("the first batch was seen running").isTrue();
    List<String> images = run.get();
    double skippedRows = unetRows() - rowsBefore - normalRows;
    assertThat(images).hasSize(8);
    // the demo's saturated colours often reach their final values early, so the stopped batch's images need not
    // differ from a full run's: the UNet evaluations it saved show that it stopped early
    assertThat(skippedRows).as("UNet rows of the skipped run vs a full run").isLessThan(normalRows);
    assertThat(images.subList(4, 8)).as("the second batch, run in full").isEqualTo(normal.subList(4, 8));
    given().get("/sdapi/v1/progress").then().body("state.skipped", equalTo(true));
  }

  private double unetRows() {
    return ServiceCalls.metric(management, "sdnest_inference_unet_rows_sum");
  }


  @Test
  void progressShowsTheRunningJobAndInterruptStopsIt() throws Exception {
    // 64 batches: far more work than an interrupt needs to arrive in
    CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body("{\"prompt\":\"a red car\",\"steps\":150,\"width\":256,\"height\":256,\"seed\":3,\"n_iter\":64}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath().getList("images"));
    Map<String, Object> busy = null;
    while (!run.isDone()) {
      Map<String, Object> state = given().get("/sdapi/v1/progress").then().statusCode(200).extract().jsonPath()
          .getMap("state");
      if ("scripts_txt2img".equals(state.get("job")) && ((Integer) state.get("sampling_step")) > 0) {
        busy = given().get("/sdapi/v1/progress").then().extract().jsonPath().getMap("$");
        given().post("/sdapi/v1/interrupt").then().statusCode(200);
        break;
      }
      Thread.sleep(5);
    }
    assertThat(busy).as("the generation was seen running").isNotNull();
    assertThat(((Number) busy.get("progress")).doubleValue()).isBetween(0.01, 1.0);
    @SuppressWarnings("unchecked")
    Map<String, Object> state = (Map<String, Object>) busy.get("state");
    assertThat(state.get("job_count")).isEqualTo(64);
    assertThat(state.get("sampling_steps")).isEqualTo(150);
    assertThat(run.get()).as("images made before the interrupt").hasSizeBetween(1, 63);
    Map<String, Object> after = given().get("/sdapi/v1/progress").then().extract().jsonPath().getMap("state");
    assertThat(after.get("job")).isEqualTo("");
    assertThat(after.get("interrupted")).isEqualTo(true);
  }
}
