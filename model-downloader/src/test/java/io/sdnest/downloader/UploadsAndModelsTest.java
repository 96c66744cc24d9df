package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.Safetensors;

@QuarkusTest
@WithTestResource(FakeHubs.class)
class UploadsAndModelsTest extends DownloadTestSupport {

  @Test
  void anUploadedPreviewLandsBesideItsModelAndReplacesTheOldOne() {
    byte[] png = Blob.random(3000, 41).data;
    given().multiPart("file", "cover.png", png, "image/png").multiPart("type", "LORA").multiPart("kind", "PREVIEW")
        .multiPart("name", "style.safetensors").post("/downloader/v1/uploads").then().statusCode(201)
        .body("target", equalTo("models/Lora/style.preview.png")).body("sha256", equalTo(Blob.sha256(png)));
    assertThat(read("models/Lora/style.preview.png")).isEqualTo(png);
    byte[] jpg = Blob.random(2000, 42).data;
    given().multiPart("file", "photo.jpg", jpg, "image/jpeg").multiPart("type", "LORA").multiPart("kind", "PREVIEW")
        .multiPart("name", "style").post("/downloader/v1/uploads").then().statusCode(201)
        .body("target", equalTo("models/Lora/style.preview.jpg"));
    assertThat(DATA.resolve("models/Lora/style.preview.png")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void anUploadedModelIsListedWithItsSafetensorsMetadataAndPreview() throws IOException {
    byte[] model = Safetensors.withMetadata("{\"ss_base_model_version\":\"sd_v1\",\"huge\":\"" + "x".repeat(600) + "\"}");
    given().multiPart("file", "local.safetensors", model, "application/octet-stream").multiPart("type", "CHECKPOINT")
        .post("/downloader/v1/uploads").then().statusCode(201).body("target", equalTo("models/Stable-diffusion/local.safetensors"));
    given().multiPart("file", "p.webp", new byte[] {1, 2, 3}, "image/webp").multiPart("type", "CHECKPOINT")
        .multiPart("kind", "PREVIEW").multiPart("name", "local").post("/downloader/v1/uploads").then().statusCode(201);
    given().get("/downloader/v1/models?type=CHECKPOINT").then().statusCode(200)
        .body("find { it.name == 'local.safetensors' }.metadata.ss_base_model_version", equalTo("sd_v1"))
        .body("find { it.name == 'local.safetensors' }.metadata.huge", nullValue())
        .body("find { it.name == 'local.safetensors' }.preview", equalTo(true))
        .body("find { it.name == 'local.safetensors' }.unsafe_pickle", equalTo(false))
        .body("find { it.name == 'local.safetensors' }.shorthash", equalTo(Blob.sha256(model).substring(0, 10)))
        .body("find { it.name == 'local.safetensors' }.size", equalTo(model.length));
  }

  @Test
  void picklesAreFlaggedAndAHeaderLengthBeyondTheFileIsNotRead() throws IOException {
    Files.createDirectories(DATA.resolve("models/Lora"));
    Files.write(DATA.resolve("models/Lora/old-style.pt"), new byte[] {(byte) 0x80, 2});
    byte[] bomb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    Files.write(DATA.resolve("models/Lora/bomb.safetensors"), bomb);
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.name == 'old-style.pt' }.unsafe_pickle", equalTo(true))
        .body("find { it.name == 'bomb.safetensors' }.metadata.size()", equalTo(0));
  }

  @Test
  void deletingAModelRemovesItsSidecars() throws IOException {
    Files.createDirectories(DATA.resolve("models/VAE"));
    for (String f : new String[] {"gone.safetensors", "gone.preview.png", "gone.webp", "gone.json", "gone.civitai.info",
        "kept.safetensors"}) {
      Files.write(DATA.resolve("models/VAE/" + f), new byte[] {1});
    }
    given().delete("/downloader/v1/models/VAE/gone.safetensors").then().statusCode(204);
    assertThat(DATA.resolve("models/VAE/gone.safetensors")).doesNotExist();
    assertThat(DATA.resolve("models/VAE/gone.preview.png")).doesNotExist();
    assertThat(DATA.resolve("models/VAE/gone.webp")).as("a preview as the listing counts it").doesNotExist();
    assertThat(DATA.resolve("models/VAE/gone.json")).doesNotExist();
    assertThat(DATA.resolve("models/VAE/gone.civitai.info")).doesNotExist();
    assertThat(DATA.resolve("models/VAE/kept.safetensors")).exists();
    given().delete("/downloader/v1/models/VAE/gone.safetensors").then().statusCode(404);
    given().delete("/downloader/v1/models/VAE/..%2Fkept.safetensors").then().statusCode(400);
  }

  @Test
  void aModelInASubfolderIsDeletedWithEveryPreviewTheListingCounts() throws IOException {
    java.nio.file.Path folder = Files.createDirectories(DATA.resolve("models/Lora/styles/anime"));
    for (String f : new String[] {"ink.safetensors", "ink.png", "ink.preview.jpg", "ink.civitai.info", "ink.json",
        "other.safetensors", "other.png"}) {
      Files.write(folder.resolve(f), new byte[] {1});
    }
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.path == 'models/Lora/styles/anime/ink.safetensors' }.preview", equalTo(true));
    given().delete("/downloader/v1/models/LORA/styles/anime/ink.safetensors").then().statusCode(204);
    for (String f : new String[] {"ink.safetensors", "ink.png", "ink.preview.jpg", "ink.civitai.info", "ink.json"}) {
      assertThat(folder.resolve(f)).as(f).doesNotExist();
    }
    assertThat(folder.resolve("other.safetensors")).exists();
    assertThat(folder.resolve("other.png")).exists();
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.path == 'models/Lora/styles/anime/other.safetensors' }.preview", equalTo(true));
  }

  @Test
  void deletingOutsideTheTypesFolderOrThroughDotHiddenOrEmptySegmentsIsRefused() throws IOException {
    Files.createDirectories(DATA.resolve("models/VAE/sub"));
    Files.createDirectories(DATA.resolve("models/Lora/.hidden"));
    java.nio.file.Path kept = Files.write(DATA.resolve("models/VAE/kept-too.safetensors"), new byte[] {1});
    java.nio.file.Path hidden = Files.write(DATA.resolve("models/Lora/.hidden/h.safetensors"), new byte[] {1});
    for (String name : new String[] {"sub%2F..%2F..%2FLora%2F.hidden%2Fh.safetensors", "sub%2F..%2Fkept-too.safetensors",
        "..%2FVAE%2Fkept-too.safetensors", "sub%5C..%5Ckept-too.safetensors", "%2Fkept-too.safetensors",
        "sub%2F%2Fkept-too.safetensors", "sub%2F.%2Fkept-too.safetensors"}) {
      given().urlEncodingEnabled(false).delete("/downloader/v1/models/VAE/" + name).then().statusCode(400)
          .body("error", equalTo("BadRequest"));
    }
    given().urlEncodingEnabled(false).delete("/downloader/v1/models/LORA/.hidden%2Fh.safetensors").then().statusCode(400);
    assertThat(kept).exists();
    assertThat(hidden).exists();
  }

  @Test
  void uploadsWithUnsafeNamesOrAWrongSha256AreRefusedAndNothingIsPublished() {
    given().multiPart("file", "x.safetensors", new byte[] {1}, "application/octet-stream").multiPart("type", "LORA")
        .multiPart("name", "../../escape.safetensors").post("/downloader/v1/uploads").then().statusCode(400)
        .body("detail", containsString("name"));
    given().multiPart("file", "../../escape2.safetensors", new byte[] {1}, "application/octet-stream").multiPart("type", "LORA")
        .post("/downloader/v1/uploads").then().statusCode(201).body("target", equalTo("models/Lora/escape2.safetensors"));
    given().multiPart("file", "y.safetensors", new byte[] {1, 2}, "application/octet-stream").multiPart("type", "LORA")
        .multiPart("sha256", "1".repeat(64)).post("/downloader/v1/uploads").then().statusCode(400)
        .body("detail", containsString("sha256"));
    given().multiPart("file", "evil.exe", new byte[] {1}, "application/octet-stream").multiPart("type", "LORA")
        .post("/downloader/v1/uploads").then().statusCode(400);
    assertThat(DATA.resolve("models/Lora/y.safetensors")).doesNotExist();
    assertThat(DATA.getParent().resolve("escape.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @jakarta.inject.Inject
  io.sdnest.downloader.service.StalePartCleaner cleaner;

  @Test
  void stalePartsOfJobsThatNoLongerExistAreCleanedAndFreshOnesKept() throws IOException {
    Files.createDirectories(DATA.resolve("models/Lora"));
    java.nio.file.Path stale = DATA.resolve("models/Lora/old.safetensors.0123456789abcdef.part");
    java.nio.file.Path staleFolder = Files.createDirectories(DATA.resolve("models/Stable-diffusion/.repo.0123456789abcdee.part/unet"))
        .getParent();
    java.nio.file.Path fresh = DATA.resolve("models/Lora/new.safetensors.0123456789abcded.part");
    java.nio.file.Path notOurs = DATA.resolve("models/Lora/user-file.part");
    for (java.nio.file.Path p : new java.nio.file.Path[] {stale, fresh, notOurs}) {
      Files.write(p, new byte[] {1});
    }
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3 * 3600_000L);
    Files.setLastModifiedTime(stale, old);
    Files.setLastModifiedTime(staleFolder, old);
    Files.setLastModifiedTime(notOurs, old);
    assertThat(cleaner.clean()).containsExactlyInAnyOrder(stale, staleFolder);
    assertThat(stale).doesNotExist();
    assertThat(staleFolder).doesNotExist();
    assertThat(fresh).exists();
    assertThat(notOurs).exists();
    Files.delete(fresh);
    Files.delete(notOurs);
  }

  @Test
  void throughTheGatewayOnlyAdminsMayUseTheDownloader() {
    given().header("X-Sdnest-User", "bob").header("X-Sdnest-Roles", "user").get("/downloader/v1/downloads").then()
        .statusCode(403).body("detail", containsString("admin"));
    given().header("X-Sdnest-User", "root").header("X-Sdnest-Roles", "user,admin").get("/downloader/v1/downloads").then()
        .statusCode(200);
  }
}
