package io.sdnest.downloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.Hubs;

/** The URL forms of the international site, www.modelscope.ai, go to its own endpoint (file/view: HubUrlFormsTest). */
@QuarkusTest
@WithTestResource(FakeHubs.class)
class ModelScopeAiSiteTest extends DownloadTestSupport {

  private static void onlyTheAiSiteWasAsked(String owner, String name) {
    assertThat(FakeHubs.api.requests("/ai/api/v1/models/" + owner + "/" + name + "/repo/files")).hasSize(1);
    assertThat(FakeHubs.api.requests("/cn/api/v1/models/" + owner + "/" + name + "/repo/files")).isEmpty();
  }

  @Test
  void aResolveLinkWithATagRevision() {
    Blob blob = Blob.random(120_000, 150);
    Hubs.modelScopeRepo("/ai", "bob", "ai-resolve", Map.of("weights/ai-resolve.safetensors", blob));
    JsonPath job = finished(start("url", "https://modelscope.ai/models/bob/ai-resolve/resolve/v2.0/weights/ai-resolve.safetensors",
        "type", "LORA"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Lora/ai-resolve.safetensors");
    assertThat(job.getString("sha256")).isEqualTo(blob.sha256);
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    onlyTheAiSiteWasAsked("bob", "ai-resolve");
    assertThat(FakeHubs.api.requests("/ai/api/v1/models/bob/ai-resolve/repo/files").get(0).query()).contains("Revision=v2.0");
    assertThat(FakeHubs.cdn.requests("/ms/ai/bob/ai-resolve/weights/ai-resolve.safetensors")).hasSize(1);
  }

  @Test
  void anApiLink() {
    Blob blob = Blob.random(5_000, 151);
    Hubs.modelScopeRepo("/ai", "bob", "ai-api", Map.of("vae/ai-api.safetensors", blob));
    JsonPath job = finished(start("url",
        "https://www.modelscope.ai/api/v1/models/bob/ai-api/repo?Revision=master&FilePath=vae%2Fai-api.safetensors", "type", "VAE"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/VAE/ai-api.safetensors")).isEqualTo(blob.data);
    onlyTheAiSiteWasAsked("bob", "ai-api");
  }

  @Test
  void aRepoPageDownloadsTheWholeRepository() {
    Blob index = new Blob("{\"_class_name\":\"OnnxStableDiffusionPipeline\"}".getBytes());
    Blob unet = Blob.random(90_000, 152);
    Hubs.modelScopeRepo("/ai", "bob", "ai-repo", Map.of("model_index.json", index, "unet/model.onnx", unet,
        ".gitattributes", new Blob("*.onnx filter=lfs".getBytes())));
    JsonPath job = finished(start("url", "https://www.modelscope.ai/models/bob/ai-repo/files", "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/ai-repo");
    assertThat(read("models/Stable-diffusion/ai-repo/model_index.json")).isEqualTo(index.data);
    assertThat(read("models/Stable-diffusion/ai-repo/unet/model.onnx")).isEqualTo(unet.data);
    assertThat(job.getList("skipped", String.class)).containsExactly(".gitattributes");
    onlyTheAiSiteWasAsked("bob", "ai-repo");
  }
}
