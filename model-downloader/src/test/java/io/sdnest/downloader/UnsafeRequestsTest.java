package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.FakeServer;
import io.sdnest.downloader.testing.Hubs;

/** Traversal and SSRF attempts, with the test switches on (loopback reachable): each is refused, nothing is written. */
@QuarkusTest
@WithTestResource(FakeHubs.class)
class UnsafeRequestsTest extends DownloadTestSupport {

  private static void refused(Map<String, Object> body, String detailPart) {
    given().contentType(ContentType.JSON).body(body).post("/downloader/v1/downloads").then().statusCode(400)
        .body("error", equalTo("BadRequest")).body("detail", containsString(detailPart)).body("body", equalTo(""));
  }

  private static Map<String, Object> body(String url, String type, Object... more) {
    Map<String, Object> m = new HashMap<>();
    m.put("url", url);
    m.put("type", type);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "a/b", "..\\evil", "/etc/passwd", "..", ".", ".hidden", "nul\u0000byte", "tab\tname",
      "C:evil", "evil|pipe"})
  void namesThatAreNotPlainFileNamesAreRefused(String name) {
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "LORA", "name", name), "name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc", "/abs/olute", "a/../../b", "..", "a\\b", "x/./y", "a/b/c/d/e"})
  void directoriesOutsideModelsAreRefused(String directory) {
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "OTHER", "directory", directory), "directory");
  }

  @ParameterizedTest
  @CsvSource({"Lora,LORA", "lora/styles,LORA", "Stable-diffusion,CHECKPOINT", "STABLE-DIFFUSION/sub,CHECKPOINT", "VAE,VAE",
      "controlnet,CONTROLNET", "hypernetworks,HYPERNETWORK", "ESRGAN/x4,ESRGAN"})
  void aDirectoryInsideATypedFolderIsRefusedNamingTheTypeToUse(String directory, String type) {
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "OTHER", "directory", directory), "download with type " + type + " instead of OTHER");
  }

  @Test
  void directoryIsOnlyForOther() {
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "CHECKPOINT", "directory", "Codeformer"), "only for type OTHER");
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "OTHER"), "directory is required");
  }

  @Test
  void aFolderReachedThroughASymbolicLinkIsRefused() throws IOException {
    Path outside = Files.createDirectories(DATA.getParent().resolve("outside-data"));
    Path link = DATA.resolve("models/linked");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, outside);
    refused(body(FakeHubs.cdnUrl("/x.safetensors"), "OTHER", "directory", "linked"), "symbolic link");
  }

  @ParameterizedTest
  @CsvSource({"CHECKPOINT,model.ckpt,pickle", "LORA,model.pt,pickle", "EMBEDDING,emb.bin,pickle", "VAE,vae.onnx,not accepted"})
  void extensionsTheTypeDoesNotAcceptAreRefused(String type, String name, String detail) {
    refused(body(FakeHubs.cdnUrl("/x.bin"), type, "name", name), detail);
  }

  @Test
  void aFileTypeTheTypeDoesNotAcceptIsRefused() {
    refused(body(FakeHubs.cdnUrl("/x"), "LORA", "name", "x", "fileType", "exe"), "not accepted");
    refused(body(FakeHubs.cdnUrl("/x"), "LORA", "name", "x", "kind", "PREVIEW", "fileType", "svg"), "preview");
  }

  @ParameterizedTest
  @CsvSource({
      "ftp://127.0.0.1/x.safetensors,Only https",
      "file:///etc/passwd,Only https",
      "https://user:pass@huggingface.co/a/b/resolve/main/x.safetensors,user:password",
      "https://evil.example.com/x.safetensors,allow-list",
      "http://2130706433/x.safetensors,non-standard form",
      "http://0177.0.0.1/x.safetensors,non-standard form",
      "http://0x7f.0.0.1/x.safetensors,host",
      "http://127.1/x.safetensors,host",
      "http://169.254.169.254/latest/meta-data/,link-local",
      "http://10.0.0.1/x.safetensors,private",
      "not a url,Not"})
  void urlsThatMayNotBeFetchedAreRefusedEvenWithTheTestSwitchesOn(String url, String detail) {
    refused(body(url, "LORA", "name", "ssrf"), detail);
  }

  @Test
  void malformedHubLinksAreRefused() {
    refused(body("https://www.modelscope.cn/datasets", "CHECKPOINT"), "ModelScope");
    refused(body("https://www.liblib.art/modelinfo/not-an-id", "LORA"), "liblib");
    refused(body("https://civitai.com/models/123/some-model", "LORA"), "Civitai download link");
    refused(body("https://huggingface.co/acme/model", "LORA"), "Hugging Face");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/iam", "http://10.0.0.1/x.safetensors",
      "https://not-allowed.example.org/x.safetensors", "http://2130706433/x.safetensors"})
  void aRedirectToAnAddressOrHostThatMayNotBeReachedFailsTheJob(String location) {
    String path = "/redirect/" + Integer.toHexString(location.hashCode());
    FakeHubs.cdn.route(path, ex -> FakeServer.redirect(ex, 302, location));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl(path), "type", "LORA", "name", "redirected-" + Integer.toHexString(location.hashCode())));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("BLOCKED");
    assertThat(partFiles()).isZero();
  }

  @Test
  void repositoryPathsThatLeaveTheFolderAreSkipped() {
    Hubs.modelScopeRepo("/cn", "mallory", "traversal", Map.of("model_index.json", new Blob("{}".getBytes()),
        "../../../../evil.json", new Blob("{}".getBytes()), "unet/..\\..\\evil2.json", new Blob("{}".getBytes())));
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/mallory/traversal", "type", "CHECKPOINT"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(job.getList("skipped", String.class)).contains("../../../../evil.json", "unet/..\\..\\evil2.json");
    assertThat(DATA.resolve("models/Stable-diffusion/traversal/model_index.json")).exists();
    assertThat(DATA.resolve("models/Stable-diffusion/traversal/evil2.json")).doesNotExist();
    assertThat(DATA.resolve("models/evil.json")).doesNotExist();
    try (var walk = Files.walk(DATA.getParent())) {
      assertThat(walk.filter(p -> p.getFileName().toString().startsWith("evil") && !p.startsWith(DATA))).isEmpty();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
