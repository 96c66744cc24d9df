package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.OperatorSettings;

/** With allow-pickle on, pickle formats are downloaded and always flagged (the default refuses them: UnsafeRequestsTest). */
@QuarkusTest
@TestProfile(OperatorSettings.class)
class PickleAllowedTest extends DownloadTestSupport {

  @Test
  void aCkptIsDownloadedAndFlaggedUnsafePickle() {
    Blob blob = Blob.random(20_000, 120);
    FakeHubs.cdn.route("/pickle/old-model.ckpt", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/pickle/old-model.ckpt"), "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/old-model.ckpt");
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    given().get("/downloader/v1/models?type=CHECKPOINT").then().statusCode(200)
        .body("find { it.name == 'old-model.ckpt' }.unsafe_pickle", equalTo(true));
  }

  @Test
  void aPtNamedByTheUserIsAcceptedForALora() {
    Blob blob = Blob.random(8_000, 121);
    FakeHubs.cdn.route("/pickle/lora-blob", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/pickle/lora-blob"), "type", "LORA", "name", "old-lora.pt"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Lora/old-lora.pt")).isEqualTo(blob.data);
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.name == 'old-lora.pt' }.unsafe_pickle", equalTo(true));
  }
}
