package io.sdnest.downloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.FakeInference;
import io.sdnest.downloader.testing.FakeServer;
import io.sdnest.downloader.testing.OperatorSettings;

/** When a model lands, the configured inference services' refresh routes are called; one that is down changes nothing. */
@QuarkusTest
@TestProfile(OperatorSettings.class)
class InferenceRefreshTest extends DownloadTestSupport {

  /**
   * The calls on {@code route} after the first {@code before}, once there is one; a minute without any is a missing
   * call, not a slow one.
   */
  private static List<FakeServer.Seen> newRefreshCalls(String route, int before) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (FakeInference.inference.requests("/sdapi/v1/" + route).size() <= before) {
      assertThat(System.nanoTime()).as("no POST /sdapi/v1/%s reached the inference service", route).isLessThan(deadline);
      sleep(20);
    }
    List<FakeServer.Seen> all = FakeInference.inference.requests("/sdapi/v1/" + route);
    return all.subList(before, all.size());
  }

  private static int calls(String route) {
    return FakeInference.inference.requests("/sdapi/v1/" + route).size();
  }

  @Test
  void aLandedLoraRefreshesTheLorasOfTheLiveInferenceServiceDespiteADeadOne() {
    FakeHubs.cdn.route("/refresh/ink.safetensors", Blob.random(10_000, 130));
    int before = calls("refresh-loras");
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/refresh/ink.safetensors"), "type", "LORA"));
    assertThat(job.getString("state")).as("a dead inference URL does not fail the download: %s", job.prettify())
        .isEqualTo("DONE");
    List<FakeServer.Seen> calls = newRefreshCalls("refresh-loras", before);
    assertThat(calls.get(0).method()).isEqualTo("POST");
    assertThat(calls.get(0).header("X-Sdnest-Internal-Token")).isEqualTo(OperatorSettings.INTERNAL_TOKEN);
  }

  @Test
  void aLandedCheckpointRefreshesTheCheckpoints() {
    FakeHubs.cdn.route("/refresh/base.safetensors", Blob.random(10_000, 131));
    int before = calls("refresh-checkpoints");
    assertThat(finished(start("url", FakeHubs.cdnUrl("/refresh/base.safetensors"), "type", "CHECKPOINT")).getString("state"))
        .isEqualTo("DONE");
    assertThat(newRefreshCalls("refresh-checkpoints", before)).extracting(FakeServer.Seen::method).containsOnly("POST");
  }
}
