package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;

/** The downloads API beyond the hubs: the state filter, fileType, previews of plain image URLs, OpenAPI and metrics. */
@QuarkusTest
@WithTestResource(FakeHubs.class)
class DownloadsApiTest extends DownloadTestSupport {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void theListIsFilteredByState() {
    FakeHubs.cdn.route("/api-test/listed.safetensors", Blob.random(5_000, 140));
    String done = start("url", FakeHubs.cdnUrl("/api-test/listed.safetensors"), "type", "LORA", "name", "listed");
    String failed = start("url", FakeHubs.cdnUrl("/api-test/missing.safetensors"), "type", "LORA", "name", "missing");
    assertThat(finished(done).getString("state")).isEqualTo("DONE");
    assertThat(finished(failed).getString("state")).isEqualTo("FAILED");
    List<String> doneIds = given().get("/downloader/v1/downloads?state=DONE").then().statusCode(200).extract().path("id");
    List<String> failedIds = given().get("/downloader/v1/downloads?state=FAILED").then().statusCode(200).extract().path("id");
    List<String> allIds = given().get("/downloader/v1/downloads").then().statusCode(200).extract().path("id");
    assertThat(doneIds).contains(done).doesNotContain(failed);
    assertThat(failedIds).contains(failed).doesNotContain(done);
    assertThat(allIds).contains(done, failed);
    assertThat(given().get("/downloader/v1/downloads?state=done").then().statusCode(200).extract().jsonPath()
        .getList("state", String.class)).containsOnly("DONE");
  }

  @Test
  void anUnknownModelTypeIsABadRequestThatListsTheTypesAndAnyCaseIsAccepted() {
    given().get("/downloader/v1/models?type=bogus").then().statusCode(400).body("error", equalTo("BadRequest"))
        .body("detail", org.hamcrest.Matchers.containsString("CHECKPOINT"));
    given().delete("/downloader/v1/models/BOGUS/x.safetensors").then().statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("LORA"));
    given().get("/downloader/v1/models?type=lora").then().statusCode(200);
  }

  @Test
  void anUnknownStateIsABadRequestThatListsTheStates() {
    given().get("/downloader/v1/downloads?state=SLEEPING").then().statusCode(400).body("error", equalTo("BadRequest"))
        .body("detail", org.hamcrest.Matchers.containsString("DOWNLOADING"));
  }

  @Test
  void fileTypeGivesTheExtensionWhenNeitherTheNameNorTheUrlHasOne() {
    Blob blob = Blob.random(6_000, 141);
    FakeHubs.cdn.route("/api-test/blob-without-extension", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/api-test/blob-without-extension"), "type", "VAE", "name", "typed",
        "fileType", ".safetensors"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/VAE/typed.safetensors");
    assertThat(read("models/VAE/typed.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void aPreviewFromAPlainImageUrlLandsBesideItsModel() throws Exception {
    Blob model = Blob.random(7_000, 142);
    Blob image = Blob.random(3_000, 143);
    image.contentType = "image/png";
    FakeHubs.cdn.route("/api-test/styled.safetensors", model);
    FakeHubs.cdn.route("/api-test/images/cover.png", image);
    assertThat(finished(start("url", FakeHubs.cdnUrl("/api-test/styled.safetensors"), "type", "LORA")).getString("state"))
        .isEqualTo("DONE");
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/api-test/images/cover.png"), "type", "LORA", "kind", "PREVIEW",
        "name", "styled"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("kind")).isEqualTo("PREVIEW");
    assertThat(job.getString("target")).isEqualTo("models/Lora/styled.preview.png");
    assertThat(read("models/Lora/styled.preview.png")).isEqualTo(image.data);
    assertThat(read("models/Lora/styled.safetensors")).isEqualTo(model.data);
    try (var files = Files.list(DATA.resolve("models/Lora"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("styled"))).containsExactlyInAnyOrder(
          "styled.safetensors", "styled.preview.png");
    }
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.name == 'styled.safetensors' }.preview", equalTo(true));
  }

  @Test
  void byDefaultAPickleNamedByTheUrlFailsTheJobAndNothingIsWritten() {
    FakeHubs.cdn.route("/api-test/old.ckpt", Blob.random(4_000, 144));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/api-test/old.ckpt"), "type", "CHECKPOINT"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("BLOCKED");
    assertThat(job.getString("error")).contains("pickle").contains("allow-pickle");
    assertThat(DATA.resolve("models/Stable-diffusion/old.ckpt")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void theOpenApiDocumentListsEveryDownloaderRoute() {
    JsonPath openapi = given().accept("application/json").get(management + "openapi").then().statusCode(200).extract().jsonPath();
    Map<String, Map<String, Object>> paths = openapi.getMap("paths");
    assertThat(paths).containsKeys("/downloader/v1/downloads", "/downloader/v1/downloads/{id}", "/downloader/v1/uploads",
        "/downloader/v1/models", "/downloader/v1/models/{type}/{name}");
    assertThat(paths.get("/downloader/v1/downloads")).containsKeys("get", "post");
    assertThat(paths.get("/downloader/v1/downloads/{id}")).containsKeys("get", "delete");
    assertThat(paths.get("/downloader/v1/uploads")).containsKeys("post");
    assertThat(paths.get("/downloader/v1/models")).containsKeys("get");
    assertThat(paths.get("/downloader/v1/models/{type}/{name}")).containsKeys("delete");
  }

  @Test
  void theDownloadDurationIsInTheMetricsAfterADownload() {
    FakeHubs.cdn.route("/api-test/timed.safetensors", Blob.random(5_000, 145));
    assertThat(finished(start("url", FakeHubs.cdnUrl("/api-test/timed.safetensors"), "type", "LORA", "name", "timed"))
        .getString("state")).isEqualTo("DONE");
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("sdnest_downloader_download_duration_seconds_count\\{[^}]*outcome=\"done\"[^}]*} [1-9]")
        .contains("sdnest_downloader_download_duration_seconds_sum{");
  }
}
