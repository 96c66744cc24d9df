package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.FakeServer;
import io.sdnest.downloader.testing.Hubs;

@QuarkusTest
@WithTestResource(FakeHubs.class)
class HubUrlFormsTest extends DownloadTestSupport {

  @Test
  void modelScopeFileViewLinkOnTheCnSiteDownloadsThatFileVerifiedAgainstTheListedSha256() {
    Blob blob = Blob.random(300_000, 1);
    Hubs.modelScopeRepo("/cn", "alice", "ms-view", Map.of("weights/sd15-view.safetensors", blob));
    String id = start("url", "https://www.modelscope.cn/models/alice/ms-view/file/view/master/weights%2Fsd15-view.safetensors?status=2",
        "type", "CHECKPOINT");
    JsonPath job = finished(id);
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(job.getString("hub")).isEqualTo("modelscope");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/sd15-view.safetensors");
    assertThat(job.getString("sha256")).isEqualTo(blob.sha256);
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    assertThat(FakeHubs.cdn.requests("/ms/cn/alice/ms-view/weights/sd15-view.safetensors")).hasSize(1);
  }

  @Test
  void modelScopeResolveLinkWithATagRevision() {
    Blob blob = Blob.random(200_000, 2);
    Hubs.modelScopeRepo("/cn", "alice", "ms-resolve", Map.of("lora-resolve.safetensors", blob));
    JsonPath job = finished(start("url", "https://modelscope.cn/models/alice/ms-resolve/resolve/v1.2.0/lora-resolve.safetensors",
        "type", "LORA"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Lora/lora-resolve.safetensors");
    FakeServer.Seen list = FakeHubs.api.requests("/cn/api/v1/models/alice/ms-resolve/repo/files").get(0);
    assertThat(list.query()).contains("Revision=v1.2.0");
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
  }

  @Test
  void modelScopeApiLinkDownloadsASmallFileServedDirectly() {
    Blob blob = Blob.random(4_000, 3);
    Hubs.modelScopeRepo("/cn", "alice", "ms-api", Map.of("vae-api.safetensors", blob));
    JsonPath job = finished(start("url",
        "https://www.modelscope.cn/api/v1/models/alice/ms-api/repo?Revision=master&FilePath=vae-api.safetensors", "type", "VAE"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(read("models/VAE/vae-api.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void modelScopeAiSiteUsesTheInternationalEndpoint() {
    Blob blob = Blob.random(100_000, 4);
    Hubs.modelScopeRepo("/ai", "bob", "ms-ai", Map.of("ai-model.safetensors", blob));
    JsonPath job = finished(start("url", "https://www.modelscope.ai/models/bob/ms-ai/file/view/master/ai-model.safetensors",
        "type", "CHECKPOINT", "name", "from-ai"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/from-ai.safetensors");
    assertThat(FakeHubs.api.requests("/ai/api/v1/models/bob/ms-ai/repo/files")).hasSize(1);
    assertThat(FakeHubs.api.requests("/cn/api/v1/models/bob/ms-ai/repo/files")).isEmpty();
  }

  @Test
  void modelScopeRepoPageDownloadsTheWholeRepositoryIntoOneFolder() {
    Blob index = new Blob("{\"_class_name\":\"OnnxStableDiffusionPipeline\"}".getBytes());
    Blob unet = Blob.random(500_000, 5);
    Blob tokenizer = Blob.random(2_000, 6);
    Blob attributes = new Blob("*.onnx filter=lfs".getBytes());
    Blob script = new Blob("#!/bin/sh".getBytes());
    Hubs.modelScopeRepo("/cn", "carol", "sd-onnx-repo", Map.of("model_index.json", index, "unet/model.onnx", unet,
        "tokenizer/vocab.json", tokenizer, ".gitattributes", attributes, "tools/run.sh", script));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/carol/sd-onnx-repo/summary", "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/sd-onnx-repo");
    assertThat(read("models/Stable-diffusion/sd-onnx-repo/unet/model.onnx")).isEqualTo(unet.data);
    assertThat(read("models/Stable-diffusion/sd-onnx-repo/model_index.json")).isEqualTo(index.data);
    assertThat(read("models/Stable-diffusion/sd-onnx-repo/tokenizer/vocab.json")).isEqualTo(tokenizer.data);
    assertThat(DATA.resolve("models/Stable-diffusion/sd-onnx-repo/.gitattributes")).doesNotExist();
    assertThat(DATA.resolve("models/Stable-diffusion/sd-onnx-repo/tools/run.sh")).doesNotExist();
    assertThat(job.getList("skipped", String.class)).containsExactlyInAnyOrder(".gitattributes", "tools/run.sh");
    assertThat(job.getLong("bytesDone")).isEqualTo(job.getLong("bytesTotal"));
    given().get("/downloader/v1/models?type=CHECKPOINT").then().statusCode(200)
        .body("find { it.name == 'sd-onnx-repo' }.folder", org.hamcrest.Matchers.equalTo(true));
  }

  @Test
  void liblibModelPageIsResolvedThroughGetByUuidToTheCdnFileItsRealNameAndCover() {
    Blob blob = Blob.random(150_000, 7);
    Blob cover = Blob.random(5_000, 8);
    cover.contentType = "image/png";
    String model = "0123456789abcdef0123456789abcdef";
    String version = "fedcba9876543210fedcba9876543210";
    FakeHubs.cdn.route("/web/model/abc/deadbeef.safetensors", blob);
    FakeHubs.cdn.route("/img/abc/cover.png", cover);
    FakeHubs.api.route("/liblib/api/www/model/getByUuid/" + model, ex -> Hubs.json(ex, 200, Map.of("code", 0, "msg", "", "data",
        Map.of("uuid", model, "name", "Ink", "modelType", 5, "versions", List.of(
            Map.of("uuid", "11111111111111111111111111111111", "attachment", Map.of("modelSource", "", "modelSourceName", "x")),
            Map.of("uuid", version, "name", "v2", "attachment",
                Map.of("modelSource", FakeHubs.cdnUrl("/web/model/abc/deadbeef.safetensors"), "modelSourceName", "水墨 ink|v2"),
                "imageGroup", Map.of("coverUrl", FakeHubs.cdnUrl("/img/abc/cover.png"))))))));
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model + "?from=search&versionUuid=" + version,
        "type", "LORA", "token", "liblib-user-token"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("hub")).isEqualTo("liblib");
    assertThat(job.getString("hubType")).isEqualTo("LORA");
    assertThat(job.getString("target")).isEqualTo("models/Lora/水墨 ink_v2.safetensors");
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    assertThat(read("models/Lora/水墨 ink_v2.preview.png")).isEqualTo(cover.data);
    assertThat(FakeHubs.api.requests("/liblib/api/www/model/getByUuid/" + model).get(0).header("token")).isEqualTo("liblib-user-token");
    assertThat(FakeHubs.cdn.requests("/web/model/abc/deadbeef.safetensors").get(0).header("token")).isNull();
  }

  @Test
  void aLiblibModelDownloadedAsAnotherTypeThanTheHubsGoesWhereTheUserSaidAndShowsTheHubsType() {
    String model = "0123456789abcdef0123456789abcde2";
    Blob blob = Blob.random(20_000, 40);
    FakeHubs.cdn.route("/web/model/other-type/m.safetensors", blob);
    liblibModel(model, "fedcba9876543210fedcba987654321b", 5, FakeHubs.cdnUrl("/web/model/other-type/m.safetensors"), null);
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("hubType")).isEqualTo("LORA");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/Liblib Model.safetensors");
  }

  @Test
  void aPreviewAskedOfALiblibPageIsItsCoverSavedBesideTheNamedModelAndTheModelIsNotFetched() {
    String model = "0123456789abcdef0123456789abcde3";
    Blob cover = Blob.random(6_000, 41);
    cover.contentType = "image/png";
    FakeHubs.cdn.route("/web/model/preview-only/m.safetensors", Blob.random(20_000, 42));
    FakeHubs.cdn.route("/img/preview-only/cover.png", cover);
    liblibModel(model, "fedcba9876543210fedcba987654321c", 5, FakeHubs.cdnUrl("/web/model/preview-only/m.safetensors"),
        FakeHubs.cdnUrl("/img/preview-only/cover.png"));
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "LORA", "kind", "PREVIEW",
        "name", "ink-style.safetensors"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Lora/ink-style.preview.png");
    assertThat(read(job.getString("target"))).isEqualTo(cover.data);
    assertThat(FakeHubs.cdn.requests("/web/model/preview-only/m.safetensors")).isEmpty();
  }

  @Test
  void aPreviewAskedOfALiblibPageWithoutACoverFailsSayingSo() {
    String model = "0123456789abcdef0123456789abcde4";
    FakeHubs.cdn.route("/web/model/no-cover/m.safetensors", Blob.random(20_000, 43));
    liblibModel(model, "fedcba9876543210fedcba987654321d", 5, FakeHubs.cdnUrl("/web/model/no-cover/m.safetensors"), null);
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "LORA", "kind", "PREVIEW",
        "name", "no-cover"));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("NOT_FOUND");
    assertThat(job.getString("error")).contains("liblib offers no preview image");
    assertThat(FakeHubs.cdn.requests("/web/model/no-cover/m.safetensors")).isEmpty();
    assertThat(DATA.resolve("models/Lora/no-cover.preview.png")).doesNotExist();
  }

  /** A public liblib model with one version; {@code cover} may be null. */
  private static void liblibModel(String model, String version, int modelType, String source, String cover) {
    Map<String, Object> v = new java.util.HashMap<>(Map.of("uuid", version, "name", "v1",
        "attachment", Map.of("modelSource", source, "modelSourceName", "Liblib Model")));
    if (cover != null) {
      v.put("imageGroup", Map.of("coverUrl", cover));
    }
    FakeHubs.api.route("/liblib/api/www/model/getByUuid/" + model, ex -> Hubs.json(ex, 200, Map.of("code", 0, "msg", "", "data",
        Map.of("uuid", model, "name", "Liblib", "modelType", modelType, "versions", List.of(v)))));
  }

  @Test
  void liblibMemberOnlyVersionWithoutATokenFailsAskingForTheToken() {
    String model = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    liblibGatedModel(model, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1", "");
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "CHECKPOINT"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("TOKEN_REQUIRED");
    assertThat(job.getString("error")).contains("token");
    assertThat(FakeHubs.api.requests("/liblib/api/www/model/download/" + model)).isEmpty();
  }

  @Test
  void liblibMemberOnlyVersionIsFetchedThroughDownloadCheckAndTheDownloadApiWithTheUsersToken() throws Exception {
    String model = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
    Blob blob = Blob.random(70_000, 30);
    FakeHubs.cdn.route("/web/model/gated/signed.safetensors", blob);
    liblibGatedModel(model, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2", FakeHubs.cdnUrl("/web/model/gated/x.safetensors?auth_key=abc"));
    FakeHubs.api.route("/liblib/api/www/community/downloadCheck", ex -> Hubs.json(ex, 200, Map.of("code", 0, "msg", "", "data", true)));
    FakeHubs.api.route("/liblib/api/www/model/download/" + model, ex -> Hubs.json(ex, 200, Map.of("code", 0,
        "data", FakeHubs.cdnUrl("/web/model/gated/signed.safetensors?Expires=60"))));
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "CHECKPOINT", "token", "member-token"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/Gated Model.safetensors");
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    assertThat(FakeHubs.api.requests("/liblib/api/www/community/downloadCheck"))
        .anyMatch(r -> r.method().equals("POST") && "member-token".equals(r.header("token")));
    FakeServer.Seen download = FakeHubs.api.requests("/liblib/api/www/model/download/" + model).get(0);
    assertThat(download.header("token")).isEqualTo("member-token");
    assertThat(download.query()).contains("auth_key=abc").contains("timestamp=");
    assertThat(FakeHubs.cdn.requests("/web/model/gated/signed.safetensors").get(0).header("token")).isNull();
    assertThat(given().get("/downloader/v1/downloads/" + job.getString("id")).asString()).doesNotContain("member-token");
  }

  @Test
  void anExpiredLiblibMemberDownloadUrlIsAskedForAgainThroughTheDownloadApi() {
    String model = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4";
    Blob blob = Blob.random(60_000, 31);
    AtomicInteger signatures = new AtomicInteger();
    liblibGatedModel(model, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb4", FakeHubs.cdnUrl("/web/model/gated/z.safetensors"));
    FakeHubs.api.route("/liblib/api/www/community/downloadCheck", ex -> Hubs.json(ex, 200, Map.of("code", 0, "msg", "", "data", true)));
    FakeHubs.api.route("/liblib/api/www/model/download/" + model, ex -> Hubs.json(ex, 200, Map.of("code", 0,
        "data", FakeHubs.cdnUrl("/web/model/gated/expiring.safetensors?auth_key=" + signatures.incrementAndGet()))));
    FakeHubs.cdn.route("/web/model/gated/expiring.safetensors", ex -> {
      if (ex.getRequestURI().getQuery().equals("auth_key=1")) {
        FakeServer.text(ex, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      } else {
        blob.handle(ex);
      }
    });
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "CHECKPOINT", "token", "member-token",
        "name", "expiring-gated"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(signatures.get()).isEqualTo(2);
    assertThat(FakeHubs.api.requests("/liblib/api/www/model/download/" + model)).hasSize(2)
        .allMatch(r -> "member-token".equals(r.header("token")));
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
  }

  @Test
  void liblibRefusingTheDownloadCheckFailsSayingAMembershipIsNeeded() {
    String model = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3";
    liblibGatedModel(model, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3", FakeHubs.cdnUrl("/web/model/gated/y.safetensors"));
    FakeHubs.api.route("/liblib/api/www/community/downloadCheck", ex -> Hubs.json(ex, 200, Map.of("code", 4003, "msg", "会员专属模型")));
    JsonPath job = finished(start("url", "https://www.liblib.art/modelinfo/" + model, "type", "CHECKPOINT", "token", "free-user"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("MEMBERSHIP_REQUIRED");
    assertThat(job.getString("error")).contains("membership").contains("会员专属模型");
    assertThat(FakeHubs.api.requests("/liblib/api/www/model/download/" + model)).isEmpty();
    assertThat(FakeHubs.cdn.requests("/web/model/gated/y.safetensors")).isEmpty();
  }

  /** A liblib model whose only version is member-only ({@code vipType} 2). */
  private static void liblibGatedModel(String model, String version, String source) {
    FakeHubs.api.route("/liblib/api/www/model/getByUuid/" + model, ex -> Hubs.json(ex, 200, Map.of("code", 0, "msg", "", "data",
        Map.of("id", 9001, "uuid", model, "name", "Gated", "modelType", 1, "versions", List.of(
            Map.of("id", 9002, "uuid", version, "name", "v1", "vipType", 2,
                "attachment", Map.of("modelSource", source, "modelSourceName", "Gated Model")))))));
  }

  @Test
  void liblibDirectCdnUrlIsFetchedAsItIs() {
    Blob blob = Blob.random(10_000, 9);
    FakeHubs.cdn.route("/web/model/direct/e3b0.safetensors", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/web/model/direct/e3b0.safetensors"), "type", "LORA", "name", "direct-cdn"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(read("models/Lora/direct-cdn.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void aDirectUrlSignedWithATokenParameterIsFetchedAndKeptAsPasted() {
    Blob blob = Blob.random(20_000, 15);
    FakeHubs.cdn.route("/signed/model.safetensors", ex -> {
      if ("token=cdn-signature&expires=99".equals(ex.getRequestURI().getRawQuery())) {
        blob.handle(ex);
      } else {
        FakeServer.text(ex, 403, "signature mismatch");
      }
    });
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/signed/model.safetensors?token=cdn-signature&expires=99"),
        "type", "LORA", "name", "signed"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("url")).endsWith("?token=cdn-signature&expires=99");
    assertThat(read("models/Lora/signed.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void civitaiDownloadLinkFollowsThe307AndNamesTheFileFromContentDispositionWithoutForwardingTheToken() {
    Blob blob = Blob.random(120_000, 10);
    blob.contentDisposition = "attachment; filename=\"civitai ../../evil-Model.safetensors\"";
    FakeHubs.cdn.route("/r2/presigned-civitai", blob);
    FakeHubs.api.route("/civitai/api/download/models/4242", ex -> FakeServer.redirect(ex, 307,
        FakeHubs.cdnUrl("/r2/presigned-civitai?X-Amz-Expires=86400&response-content-disposition=attachment")));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/4242?type=Model&format=SafeTensor&token=secret-civitai",
        "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("url")).doesNotContain("secret-civitai");
    assertThat(job.getString("target")).isEqualTo("models/Stable-diffusion/evil-Model.safetensors");
    assertThat(read(job.getString("target"))).isEqualTo(blob.data);
    FakeServer.Seen hub = FakeHubs.api.requests("/civitai/api/download/models/4242").get(0);
    assertThat(hub.header("Authorization")).isEqualTo("Bearer secret-civitai");
    assertThat(hub.query()).contains("format=SafeTensor").doesNotContain("token");
    assertThat(FakeHubs.cdn.requests("/r2/presigned-civitai").get(0).header("Authorization")).isNull();
  }

  @Test
  void civitaiMetadataPicksTheLinkedFileVerifiesItsSizeAndSha256AndKeepsTheInfoSidecarAndACoverBeside() throws Exception {
    Blob pruned = Blob.random(64_000, 20);
    Blob full = Blob.random(96_000, 21);
    Blob nsfw = Blob.random(3_000, 22);
    Blob cover = Blob.random(4_000, 23);
    cover.contentType = "image/jpeg";
    FakeHubs.cdn.route("/r2/presigned-pruned", pruned);
    FakeHubs.cdn.route("/civitai-img/nsfw.jpeg", nsfw);
    FakeHubs.cdn.route("/civitai-img/width=450/cover.jpeg", cover);
    FakeHubs.api.route("/civitai/api/download/models/5151", ex -> FakeServer.redirect(ex, 307, FakeHubs.cdnUrl("/r2/presigned-pruned")));
    FakeHubs.api.route("/civitai/api/v1/model-versions/5151", ex -> Hubs.json(ex, 200, Map.of("id", 5151, "name", "v3",
        "files", List.of(
            civitaiFile(1, "Ink-full.safetensors", full, true, "full", "fp32"),
            civitaiFile(2, "Ink-pruned.safetensors", pruned, false, "pruned", "fp16")),
        "images", List.of(
            Map.of("url", FakeHubs.cdnUrl("/civitai-img/nsfw.jpeg"), "nsfwLevel", 8, "type", "image"),
            Map.of("url", FakeHubs.cdnUrl("/civitai-img/width=450/cover.jpeg"), "nsfwLevel", 1, "type", "image")))));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/5151?type=Model&format=SafeTensor&size=pruned&fp=fp16",
        "type", "LORA", "token", "civitai-key"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Lora/Ink-pruned.safetensors");
    assertThat(job.getLong("bytesTotal")).isEqualTo(pruned.data.length);
    assertThat(job.getString("sha256")).isEqualTo(pruned.sha256);
    JsonNode info = new ObjectMapper().readTree(read("models/Lora/Ink-pruned.civitai.info"));
    assertThat(info.path("id").asInt()).isEqualTo(5151);
    assertThat(info.path("files").get(1).path("name").asText()).isEqualTo("Ink-pruned.safetensors");
    assertThat(read("models/Lora/Ink-pruned.preview.jpeg")).isEqualTo(cover.data);
    assertThat(FakeHubs.cdn.requests("/civitai-img/nsfw.jpeg")).isEmpty();
    assertThat(FakeHubs.api.requests("/civitai/api/v1/model-versions/5151").get(0).header("Authorization")).isEqualTo("Bearer civitai-key");
    assertThat(FakeHubs.cdn.requests("/civitai-img/width=450/cover.jpeg").get(0).header("Authorization")).isNull();
  }

  @Test
  void civitaiFileWhoseBytesDoNotMatchTheMetadataSha256FailsAndLeavesNothing() {
    Blob served = Blob.random(40_000, 24);
    Blob declared = Blob.random(40_000, 25);
    FakeHubs.cdn.route("/r2/presigned-tampered", served);
    FakeHubs.api.route("/civitai/api/download/models/6161", ex -> FakeServer.redirect(ex, 307, FakeHubs.cdnUrl("/r2/presigned-tampered")));
    FakeHubs.api.route("/civitai/api/v1/model-versions/6161", ex -> Hubs.json(ex, 200, Map.of("id", 6161,
        "files", List.of(civitaiFile(7, "Tampered.safetensors", declared, true, "full", "fp16")))));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/6161", "type", "LORA"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("SHA256_MISMATCH");
    assertThat(DATA.resolve("models/Lora/Tampered.safetensors")).doesNotExist();
    assertThat(DATA.resolve("models/Lora/Tampered.civitai.info")).doesNotExist();
  }

  @Test
  void civitaiFileLargerThanTheMetadataSizeIsRefusedBeforeItsBodyIsRead() {
    Blob served = Blob.random(50_000, 26);
    FakeHubs.cdn.route("/r2/presigned-bigger", served);
    FakeHubs.api.route("/civitai/api/download/models/7171", ex -> FakeServer.redirect(ex, 307, FakeHubs.cdnUrl("/r2/presigned-bigger")));
    FakeHubs.api.route("/civitai/api/v1/model-versions/7171", ex -> Hubs.json(ex, 200, Map.of("id", 7171,
        "files", List.of(civitaiFile(8, "Bigger.safetensors", Blob.random(30_000, 27), true, "full", "fp16")))));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/7171", "type", "LORA"));
    assertThat(job.getString("reason")).as(job.prettify()).isEqualTo("SIZE_MISMATCH");
    assertThat(DATA.resolve("models/Lora/Bigger.safetensors")).doesNotExist();
  }

  @Test
  void aPreviewAskedOfACivitaiLinkIsTheVersionsCoverSavedBesideTheNamedModelAndTheModelIsNotFetched() {
    Blob cover = Blob.random(4_000, 44);
    cover.contentType = "image/jpeg";
    FakeHubs.cdn.route("/civitai-img/preview-only.jpeg", cover);
    FakeHubs.api.route("/civitai/api/download/models/8181", ex -> FakeServer.redirect(ex, 307, FakeHubs.cdnUrl("/r2/presigned-8181")));
    FakeHubs.api.route("/civitai/api/v1/model-versions/8181", ex -> Hubs.json(ex, 200, Map.of("id", 8181,
        "files", List.of(civitaiFile(9, "Sketch.safetensors", Blob.random(10_000, 45), true, "full", "fp16")),
        "images", List.of(Map.of("url", FakeHubs.cdnUrl("/civitai-img/preview-only.jpeg"), "nsfwLevel", 1, "type", "image")))));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/8181", "type", "LORA", "kind", "PREVIEW",
        "name", "Sketch"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getString("target")).isEqualTo("models/Lora/Sketch.preview.jpeg");
    assertThat(read(job.getString("target"))).isEqualTo(cover.data);
    assertThat(FakeHubs.api.requests("/civitai/api/download/models/8181")).isEmpty();
    assertThat(FakeHubs.cdn.requests("/r2/presigned-8181")).isEmpty();
    assertThat(DATA.resolve("models/Lora/Sketch.civitai.info")).doesNotExist();
  }

  /** One entry of a Civitai model version's {@code files[]}, as the API answers it (SHA256 upper-case, size in KB). */
  private static Map<String, Object> civitaiFile(int id, String name, Blob blob, boolean primary, String size, String fp) {
    return Map.of("id", id, "name", name, "type", "Model", "primary", primary, "sizeKB", blob.data.length / 1024.0,
        "metadata", Map.of("format", "SafeTensor", "size", size, "fp", fp),
        "hashes", Map.of("SHA256", blob.sha256.toUpperCase(java.util.Locale.ROOT), "AutoV2", blob.sha256.substring(0, 10).toUpperCase()),
        "pickleScanResult", "Success", "downloadUrl", "https://civitai.com/api/download/models/" + id);
  }

  @Test
  void huggingFaceResolveLink() {
    Blob blob = Blob.random(80_000, 11);
    FakeHubs.api.route("/hf/acme/sd-turbo/resolve/main/vae/diffusion_pytorch_model.safetensors", ex -> FakeServer.redirect(ex, 302,
        FakeHubs.cdnUrl("/hf-cdn/blob-1")));
    FakeHubs.cdn.route("/hf-cdn/blob-1", blob);
    JsonPath job = finished(start("url", "https://huggingface.co/acme/sd-turbo/blob/main/vae/diffusion_pytorch_model.safetensors",
        "type", "VAE", "name", "turbo-vae"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(read("models/VAE/turbo-vae.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void huggingFacesLinkedEtagIsTheSha256TheBytesAreVerifiedAgainst() {
    Blob blob = Blob.random(30_000, 13);
    FakeHubs.api.route("/hf/acme/lfs/resolve/main/unet.safetensors", ex -> {
      ex.getResponseHeaders().set("X-Linked-Etag", "\"" + Blob.random(10, 14).sha256 + "\"");
      ex.getResponseHeaders().set("X-Linked-Size", String.valueOf(blob.data.length));
      FakeServer.redirect(ex, 302, FakeHubs.cdnUrl("/hf-cdn/lfs-1"));
    });
    FakeHubs.cdn.route("/hf-cdn/lfs-1", blob);
    JsonPath job = finished(start("url", "https://huggingface.co/acme/lfs/resolve/main/unet.safetensors", "type", "CHECKPOINT",
        "name", "hf-linked"));
    assertThat(job.getString("reason")).isEqualTo("SHA256_MISMATCH");
    assertThat(DATA.resolve("models/Stable-diffusion/hf-linked.safetensors")).doesNotExist();
  }

  @Test
  void aVerifiedCheckpointSeedsA1111sHashCache() throws Exception {
    Blob blob = Blob.random(50_000, 12);
    Hubs.modelScopeRepo("/cn", "alice", "ms-cache", Map.of("cached.safetensors", blob));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/alice/ms-cache/file/view/master/cached.safetensors",
        "type", "CHECKPOINT"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    JsonNode cache = new ObjectMapper().readTree(Files.readAllBytes(DATA.resolve("state/cache.json")));
    JsonNode entry = cache.path("hashes").path("checkpoint/cached.safetensors");
    assertThat(entry.path("sha256").asText()).isEqualTo(blob.sha256);
    assertThat(entry.path("size").asLong()).as("the inference service's HashCache also checks the size").isEqualTo(blob.data.length);
    assertThat(entry.path("mtime").asDouble() * 1000)
        .isGreaterThanOrEqualTo(Files.getLastModifiedTime(DATA.resolve(job.getString("target"))).toMillis() - 1);
    given().get("/downloader/v1/models?type=CHECKPOINT").then().statusCode(200)
        .body("find { it.name == 'cached.safetensors' }.shorthash", org.hamcrest.Matchers.equalTo(blob.sha256.substring(0, 10)));
  }
}
