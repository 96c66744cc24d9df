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
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.Hubs;

/**
 * VAEs may be at most 100 KiB here, and every download must leave 4 PiB free — a margin no disk meets — so files
 * small enough for their type fail for want of space.
 */
@QuarkusTest
@TestProfile(SizeAndSpaceLimitsTest.SmallLimits.class)
class SizeAndSpaceLimitsTest extends DownloadTestSupport {

  public static class SmallLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.downloader.limits.max-file-size.vae", "100K",
          "sdnest.downloader.limits.free-space-margin", "4096T");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(FakeHubs.class));
    }
  }

  @Test
  void aHubDeclaredSizeAboveTheTypesMaximumFailsBeforeTheFileIsAskedFor() {
    Hubs.modelScopeRepo("/cn", "big", "declared", Map.of("huge-vae.safetensors", Blob.random(150_000, 61)));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/big/declared/resolve/master/huge-vae.safetensors",
        "type", "VAE"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("TOO_LARGE");
    assertThat(job.getString("error")).contains("150000").contains(String.valueOf(100 * 1024));
    assertThat(FakeHubs.api.requests("/cn/api/v1/models/big/declared/repo")).isEmpty();
    assertThat(FakeHubs.cdn.requests("/ms/cn/big/declared/huge-vae.safetensors")).isEmpty();
    assertThat(DATA.resolve("models/VAE/huge-vae.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void aContentLengthAboveTheTypesMaximumFailsWithoutWritingTheBody() {
    FakeHubs.cdn.route("/limits/unannounced-vae.safetensors", Blob.random(150_000, 62));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/limits/unannounced-vae.safetensors"), "type", "VAE",
        "name", "unannounced"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("TOO_LARGE");
    assertThat(job.getLong("bytesDone")).isZero();
    assertThat(DATA.resolve("models/VAE/unannounced.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void aRepositoryLargerThanTheTypesMaximumFailsBeforeAnyFileIsAskedFor() {
    Hubs.modelScopeRepo("/cn", "big", "vae-repo", Map.of("a.safetensors", Blob.random(60_000, 63),
        "b.safetensors", Blob.random(60_000, 64)));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/big/vae-repo", "type", "VAE"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("TOO_LARGE");
    assertThat(FakeHubs.api.requests("/cn/api/v1/models/big/vae-repo/repo")).isEmpty();
    assertThat(DATA.resolve("models/VAE/vae-repo")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void aFileThatWouldLeaveLessThanTheMarginFreeFailsWithNoSpaceAndWritesNothing() {
    FakeHubs.cdn.route("/limits/no-space.safetensors", Blob.random(50_000, 65));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/limits/no-space.safetensors"), "type", "LORA", "name", "no-space"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("NO_SPACE");
    assertThat(job.getString("error")).contains("free space");
    assertThat(job.getLong("bytesDone")).isZero();
    assertThat(DATA.resolve("models/Lora/no-space.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  @Test
  void aRepositoryThatWouldLeaveLessThanTheMarginFreeFailsWithNoSpaceAndLeavesNoStagingFolder() {
    Hubs.modelScopeRepo("/cn", "big", "no-space-repo", Map.of("model_index.json", new Blob("{}".getBytes()),
        "unet/model.onnx", Blob.random(80_000, 66)));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/big/no-space-repo", "type", "CHECKPOINT"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("NO_SPACE");
    assertThat(FakeHubs.api.requests("/cn/api/v1/models/big/no-space-repo/repo")).isEmpty();
    assertThat(DATA.resolve("models/Stable-diffusion/no-space-repo")).doesNotExist();
    assertThat(partFiles()).isZero();
  }
}
