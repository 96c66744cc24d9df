package io.sdnest.inference.service;

import static io.sdnest.inference.service.ServiceCalls.await;
import static io.sdnest.inference.service.ServiceCalls.awaitState;
import static io.sdnest.inference.service.ServiceCalls.cancel;
import static io.sdnest.inference.service.ServiceCalls.metric;
import static io.sdnest.inference.service.ServiceCalls.state;
import static io.sdnest.inference.service.ServiceCalls.submit;
import static io.sdnest.inference.service.ServiceCalls.txt2img;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code sdnest.inference.idle-unload-after}: an idle model is freed, the next request reloads it, work keeps it. */
@QuarkusTest
@TestProfile(IdleUnloadTest.ShortIdle.class)
class IdleUnloadTest {

  static final Duration IDLE = Duration.ofSeconds(2);

  public static class ShortIdle implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.idle-unload-after", IDLE.toSeconds() + "s");
    }
  }

  private static final String LOADS = "sdnest_inference_model_load_seconds_count";
  private static final String SHORT = "{\"prompt\":\"red\",\"seed\":7,\"steps\":8,\"width\":64,\"height\":64}";
  /** The most one request may ask: most of a minute with the demo model on this CPU, far beyond the idle time. */
  private static final String LONG = "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":2048,\"height\":2048,\"n_iter\":64}";

  @Inject
  ModelHolder models;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void anIdleModelIsUnloadedAndTheNextRequestReloadsItWithTheSameOutput() throws Exception {
    List<String> first = txt2img(SHORT);
    await("the idle model unloaded", () -> models.loaded() == null);
    double loads = metric(management, LOADS);

    List<String> again = txt2img(SHORT);

    assertThat(metric(management, LOADS)).as("model loads").isEqualTo(loads + 1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aRunningGenerationKeepsTheModelLoaded() throws Exception {
    String job = submit(LONG);
    try {
      awaitState(job, "running");
      ModelHolder.Serving serving = models.loaded();
      assertThat(serving).isNotNull();
      double loads = metric(management, LOADS);
      long since = System.nanoTime();
      // several idle periods and idle checks pass while the job runs, with no request in between
      while (System.nanoTime() - since < 3 * IDLE.toNanos()) {
        assertThat(models.loaded()).as(() -> "model while the job is " + state(job)).isSameAs(serving);
        Thread.sleep(50);
      }
      // another request meanwhile is served by the same model, without waiting for the long job
      txt2img(SHORT);
      assertThat(state(job)).isEqualTo("running");
      assertThat(models.loaded()).isSameAs(serving);
      assertThat(metric(management, LOADS)).as("model loads").isEqualTo(loads);
    } finally {
      cancel(job);
    }
  }
}
