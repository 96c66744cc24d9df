package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.FakeServer;
import io.sdnest.downloader.testing.Hubs;

/**
 * Each hub reaches only its own hosts: here the fake CDN ("localhost") is one of Civitai's hosts and of no other
 * hub's, and 127.0.0.1 is the one extra host, so a redirect that is fine for Civitai is refused for ModelScope.
 */
@QuarkusTest
@TestProfile(PerHubAllowListTest.CdnIsCivitais.class)
class PerHubAllowListTest extends DownloadTestSupport {

  public static class CdnIsCivitais implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.downloader.extra-hosts", "127.0.0.1",
          "sdnest.downloader.civitai.hosts", "civitai.com,localhost");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(FakeHubs.class));
    }
  }

  private static void refused(String url, String... detailParts) {
    String detail = given().contentType(ContentType.JSON).body(Map.of("url", url, "type", "LORA", "name", "refused"))
        .post("/downloader/v1/downloads").then().statusCode(400).body("error", equalTo("BadRequest")).extract().path("detail");
    assertThat(detail).contains(detailParts);
  }

  @Test
  void aModelScopeFileRedirectedToAHostOutsideModelScopesSetFailsSayingWhere() {
    Blob blob = Blob.random(100_000, 41);
    Hubs.modelScopeRepo("/cn", "alice", "ms-elsewhere", Map.of("elsewhere.safetensors", blob));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/alice/ms-elsewhere/resolve/master/elsewhere.safetensors",
        "type", "LORA"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("BLOCKED");
    assertThat(job.getString("error")).contains("redirected").contains("localhost").contains("allow-list of modelscope");
    assertThat(FakeHubs.cdn.requests("/ms/cn/alice/ms-elsewhere/elsewhere.safetensors")).isEmpty();
    assertThat(DATA.resolve("models/Lora/elsewhere.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void aModelScopeFileRedirectedToCivitaisR2AccountIsRefused() {
    FakeHubs.api.route("/cn/api/v1/models/alice/ms-to-r2/repo/files", ex -> Hubs.json(ex, 200, Map.of("Code", 200, "Success", true,
        "Data", Map.of("Files", List.of(Map.of("Name", "r2.safetensors", "Path", "r2.safetensors", "Type", "blob", "Size", 10))))));
    FakeHubs.api.route("/cn/api/v1/models/alice/ms-to-r2/repo", ex -> FakeServer.redirect(ex, 302,
        "https://civitai-delivery-worker-prod.5ac0637cfd0766c97916cefa3764fbdf.r2.cloudflarestorage.com/model/1/r2.safetensors"));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/alice/ms-to-r2/file/view/master/r2.safetensors",
        "type", "LORA"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("BLOCKED");
    assertThat(job.getString("error")).contains("r2.cloudflarestorage.com").contains("modelscope");
  }

  @Test
  void theSameCdnIsReachedThroughTheHubWhoseSetHoldsIt() {
    Blob blob = Blob.random(60_000, 42);
    FakeHubs.cdn.route("/r2/allowed-for-civitai", blob);
    FakeHubs.api.route("/civitai/api/download/models/8181", ex -> FakeServer.redirect(ex, 307, FakeHubs.cdnUrl("/r2/allowed-for-civitai")));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/8181", "type", "LORA", "name", "via-civitai.safetensors"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Lora/via-civitai.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void aPastedUrlOnAHubsCdnThatIsNotOnTheDirectListIsRefused() {
    FakeHubs.cdn.route("/pasted/civitai-cdn.safetensors", Blob.random(1_000, 43));
    refused(FakeHubs.cdnUrl("/pasted/civitai-cdn.safetensors"), "localhost", "allow-list");
    assertThat(FakeHubs.cdn.requests("/pasted/civitai-cdn.safetensors")).isEmpty();
  }

  @Test
  void aPastedUrlOnAnUnlistedSharedHostingBucketIsRefused() {
    refused("https://some-tenant.oss-cn-hangzhou.aliyuncs.com/models/x.safetensors", "some-tenant.oss-cn-hangzhou.aliyuncs.com",
        "allow-list");
    refused("https://anyone.5ac0637cfd0766c97916cefa3764fbdf.r2.cloudflarestorage.com/x.safetensors", "allow-list");
    refused("https://f004.backblazeb2.com/file/bucket/x.safetensors", "allow-list");
  }

  @Test
  void aPastedUrlOnAConfiguredExtraHostIsDownloaded() {
    Blob blob = Blob.random(20_000, 44);
    FakeHubs.cdn.route("/extra/host.safetensors", blob);
    JsonPath job = finished(start("url", FakeHubs.cdn.base("127.0.0.1") + "/extra/host.safetensors", "type", "LORA",
        "name", "extra-host"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Lora/extra-host.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void portsOtherThanTheStandardOnesAndTheConfiguredOnesAreRefused() {
    refused("https://liblibai-online.liblib.cloud:8443/web/model/x.safetensors", "Port 8443", "extra-ports");
    refused("https://www.modelscope.cn:8443/models/alice/ms/resolve/master/x.safetensors", "Port 8443");
  }

  @Test
  void aRedirectToAPortThatIsNotAllowedFailsTheJob() {
    FakeHubs.api.route("/civitai/api/download/models/9191", ex -> FakeServer.redirect(ex, 307, "http://localhost:1/r2/x"));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/9191", "type", "LORA", "name", "bad-port"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("BLOCKED");
    assertThat(job.getString("error")).contains("Port 1 ");
  }
}
