package io.sdnest.inference.service;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.await;
import static io.sdnest.inference.service.ServiceCalls.awaitState;
import static io.sdnest.inference.service.ServiceCalls.cancel;
import static io.sdnest.inference.service.ServiceCalls.job;
import static io.sdnest.inference.service.ServiceCalls.metric;
import static io.sdnest.inference.service.ServiceCalls.state;
import static io.sdnest.inference.service.ServiceCalls.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A cancelled job makes no more device calls for its batch and frees its slot; an interrupted one keeps its image. */
@QuarkusTest
class CancelledJobTest {

  /** One image of seconds of work: the cancel or interrupt lands in its only batch. */
  /** Long enough (150 steps at 2048x2048) that a cancel sent after the first step lands well before the last. */
  private static final String LONG = "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":2048,"
      + "\"height\":2048}";
  private static final String DECODES = "sdnest_inference_vae_call_seconds_count{call=\"decode\"}";

  @Inject
  InferenceWorker worker;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @BeforeEach
  void nothingElseRuns() throws InterruptedException {
    await("no job of another test running",
        () -> worker.admission().running() == 0 && worker.admission().queued() == 0);
  }

  private static void awaitFirstStep(String id) throws InterruptedException {
    await("job " + id + " stepping", () -> job(id).getInt("sampling_step") > 0);
  }

  @Test
  void aCancelledRunningJobDecodesNothingAndFreesItsSlot() throws Exception {
    double decodes = metric(management, DECODES);
    String id = submit(LONG);
    awaitFirstStep(id);
    cancel(id);
    assertThat(state(id)).isEqualTo("cancelled");
    assertThat(job(id).getInt("sampling_step")).as("stopped early").isLessThan(150);
    await("the slot freed", () -> worker.admission().running() == 0);
    assertThat(metric(management, DECODES)).as("no VAE decode of the abandoned batch").isEqualTo(decodes);
  }

  @Test
  void anInterruptedJobStillDecodesAndReturnsItsImage() throws Exception {
    double decodes = metric(management, DECODES);
    String id = submit(LONG);
    awaitFirstStep(id);
    given().post("/sdapi/v1/interrupt").then().statusCode(200);
    awaitState(id, "done", "failed", "cancelled");
    assertThat(state(id)).isEqualTo("done");
    assertThat(job(id).getList("result.images")).hasSize(1);
    assertThat(job(id).getInt("sampling_step")).as("stopped early").isLessThan(150);
    assertThat(metric(management, DECODES)).isEqualTo(decodes + 1);
    await("the slot freed", () -> worker.admission().running() == 0);
  }
}
