package io.sdnest.downloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeTlsHub;
import io.sdnest.downloader.testing.Hubs;

/** With allow-http off (the production setting), an HTTPS hub that redirects to plain http is not followed. */
@QuarkusTest
@TestProfile(HttpsOnlyRedirectTest.HttpOff.class)
class HttpsOnlyRedirectTest extends DownloadTestSupport {

  public static class HttpOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.downloader.allow-http", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(FakeTlsHub.class));
    }
  }

  @Test
  void aFileServedOverHttpsIsDownloaded() {
    Blob blob = Blob.random(30_000, 51);
    Hubs.modelScopeRepo(FakeTlsHub.api, FakeTlsHub.cdn, FakeTlsHub.cdn.base("localhost"), "/cn", "tls", "direct",
        Map.of("small.safetensors", blob));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/tls/direct/resolve/master/small.safetensors",
        "type", "LORA"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Lora/small.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void anHttpsAnswerRedirectingToPlainHttpFailsTheJobAndTheHttpHostIsNeverAsked() {
    Blob blob = Blob.random(100_000, 52);
    Hubs.modelScopeRepo(FakeTlsHub.api, FakeTlsHub.cdn, FakeTlsHub.cdn.base("localhost"), "/cn", "tls", "downgrade",
        Map.of("big.safetensors", blob));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/tls/downgrade/resolve/master/big.safetensors",
        "type", "LORA"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("BLOCKED");
    assertThat(job.getString("error")).contains("redirected").contains("Only https");
    assertThat(FakeTlsHub.api.requests("/cn/api/v1/models/tls/downgrade/repo")).hasSize(1);
    assertThat(FakeTlsHub.cdn.seen).isEmpty();
    assertThat(DATA.resolve("models/Lora/big.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }
}
