package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpHandler;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.client.HubHttp;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.FakeServer;
import io.sdnest.downloader.testing.Hubs;

@QuarkusTest
@WithTestResource(FakeHubs.class)
class RobustDownloadTest extends DownloadTestSupport {

  @Test
  void aConnectionDroppedMidBodyIsResumedWithRangeAndTheFileIsWhole() {
    Blob blob = Blob.random(2_000_000, 21);
    blob.dropAfter = 700_000;
    blob.dropsLeft.set(2);
    FakeHubs.cdn.route("/drop/model.safetensors", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/drop/model.safetensors"), "type", "LORA", "name", "dropped",
        "sha256", blob.sha256));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Lora/dropped.safetensors")).isEqualTo(blob.data);
    List<FakeServer.Seen> requests = FakeHubs.cdn.requests("/drop/model.safetensors");
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).header("Range")).isNull();
    assertThat(requests.get(1).header("Range")).isEqualTo("bytes=700000-");
    assertThat(requests.get(1).header("If-Range")).isEqualTo(blob.etag());
    assertThat(requests.get(2).header("Range")).isEqualTo("bytes=1400000-");
    assertThat(job.getLong("bytesDone")).isEqualTo(2_000_000);
  }

  @Test
  void aServerThatIgnoresRangeIsReadAgainFromTheStart() {
    Blob blob = Blob.random(1_000_000, 22);
    blob.ranges = false;
    blob.dropAfter = 300_000;
    blob.dropsLeft.set(1);
    FakeHubs.cdn.route("/norange/model.safetensors", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/norange/model.safetensors"), "type", "LORA", "name", "norange"));
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(read("models/Lora/norange.safetensors")).isEqualTo(blob.data);
    assertThat(job.getString("sha256")).isEqualTo(blob.sha256);
  }

  @Test
  void a503WithRetryAfterIsRetriedAfterTheServersDelay() {
    Blob blob = Blob.random(10_000, 23);
    blob.unavailableLeft.set(1);
    blob.retryAfterSeconds = 1;
    FakeHubs.cdn.route("/busy/model.safetensors", blob);
    long t0 = System.nanoTime();
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/busy/model.safetensors"), "type", "VAE", "name", "busy"));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(FakeHubs.cdn.requests("/busy/model.safetensors")).hasSize(2);
    // Retry-After (1 s) wins over the test profile's 20 ms backoff.
    assertThat(tookMs).isGreaterThanOrEqualTo(1000);
  }

  @ParameterizedTest
  @CsvSource({"403,FORBIDDEN,token or a membership is needed", "404,NOT_FOUND,Not found"})
  void aRefusalFromTheFileHostFailsAtOnceWithItsReason(int status, String reason, String message) {
    String path = "/refused/" + status + ".safetensors";
    FakeHubs.cdn.route(path, ex -> FakeServer.text(ex, status, "no"));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl(path), "type", "LORA", "name", "refused-" + status));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo(reason);
    assertThat(job.getString("error")).contains(message).contains("HTTP " + status);
    assertThat(FakeHubs.cdn.requests(path)).hasSize(1);
  }

  @Test
  void a408IsRetried() {
    Blob blob = Blob.random(10_000, 34);
    FakeHubs.cdn.route("/timeout/model.safetensors", firstAnswers(408, Map.of(), blob, new ArrayList<>()));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/timeout/model.safetensors"), "type", "VAE", "name", "timeout"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(FakeHubs.cdn.requests("/timeout/model.safetensors")).hasSize(2);
    assertThat(read("models/VAE/timeout.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void a429IsRetriedAfterItsRetryAfter() {
    Blob blob = Blob.random(10_000, 35);
    List<Long> arrivals = new ArrayList<>();
    FakeHubs.cdn.route("/ratelimited/model.safetensors", firstAnswers(429, Map.of("Retry-After", "1"), blob, arrivals));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/ratelimited/model.safetensors"), "type", "VAE", "name", "ratelimited"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(arrivals).hasSize(2);
    // Retry-After (1 s) wins over the test profile's 20 ms backoff.
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(1_000_000_000L);
  }

  /** Answers {@code status} (with {@code headers}) once, then serves {@code then}; records when each request came. */
  private static HttpHandler firstAnswers(int status, Map<String, String> headers, Blob then, List<Long> arrivals) {
    AtomicInteger calls = new AtomicInteger();
    return ex -> {
      synchronized (arrivals) {
        arrivals.add(System.nanoTime());
      }
      if (calls.getAndIncrement() == 0) {
        headers.forEach(ex.getResponseHeaders()::set);
        FakeServer.text(ex, status, "");
      } else {
        then.handle(ex);
      }
    };
  }

  @Test
  void a206WhoseContentRangeDoesNotContinueThePartIsNotAppendedAndTheDownloadStartsOver() {
    Blob blob = Blob.random(400_000, 36);
    blob.dropAfter = 150_000;
    blob.dropsLeft.set(1);
    AtomicInteger ranged = new AtomicInteger();
    FakeHubs.cdn.route("/badrange/model.safetensors", ex -> {
      if (ex.getRequestHeaders().getFirst("Range") != null && ranged.getAndIncrement() == 0) {
        int from = 1_000;
        ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (blob.data.length - 1) + "/" + blob.data.length);
        ex.sendResponseHeaders(206, blob.data.length - from);
        ex.getResponseBody().write(blob.data, from, blob.data.length - from);
      } else {
        blob.handle(ex);
      }
    });
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/badrange/model.safetensors"), "type", "LORA", "name", "badrange"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    List<FakeServer.Seen> requests = FakeHubs.cdn.requests("/badrange/model.safetensors");
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).header("Range")).isEqualTo("bytes=150000-");
    assertThat(requests.get(2).header("Range")).as("started over from byte 0").isNull();
    assertThat(job.getString("sha256")).isEqualTo(blob.sha256);
    assertThat(read("models/Lora/badrange.safetensors")).isEqualTo(blob.data);
  }

  /** No hub declares the size here: the first answer's Content-Length is only what the server sent then. */
  @ParameterizedTest(name = "{0} bytes, then {1}")
  @CsvSource({"300000, 300000", "300000, 340000"})
  void aFileThatChangedBetweenAttemptsIsSentWholeAgainAndReplacesThePartAtItsNewSize(int sizeBefore, int sizeAfter) {
    Blob before = Blob.random(sizeBefore, 37);
    before.dropAfter = 100_000;
    before.dropsLeft.set(1);
    Blob after = Blob.random(sizeAfter, 38);
    AtomicInteger calls = new AtomicInteger();
    String path = "/changed-" + sizeAfter + "/model.safetensors";
    FakeHubs.cdn.route(path, ex -> (calls.getAndIncrement() == 0 ? before : after).handle(ex));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl(path), "type", "LORA", "name", "changed-" + sizeAfter));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    List<FakeServer.Seen> requests = FakeHubs.cdn.requests(path);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).header("Range")).isEqualTo("bytes=100000-");
    assertThat(requests.get(1).header("If-Range")).isEqualTo(before.etag()).isNotEqualTo(after.etag());
    assertThat(job.getString("sha256")).isEqualTo(after.sha256);
    assertThat(read("models/Lora/changed-" + sizeAfter + ".safetensors")).isEqualTo(after.data);
    assertThat(job.getLong("bytesDone")).isEqualTo(after.data.length);
    assertThat(job.getLong("bytesTotal")).isEqualTo(after.data.length);
  }

  @Test
  void aRedirectLoopFailsAtOnceAfterOneChainOfRedirects() {
    FakeHubs.cdn.route("/loop/model.safetensors", ex -> FakeServer.redirect(ex, 302, FakeHubs.cdnUrl("/loop/model.safetensors")));
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/loop/model.safetensors"), "type", "LORA", "name", "looped"));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("HUB_ERROR");
    assertThat(job.getString("error")).containsIgnoringCase("too many redirects");
    assertThat(FakeHubs.cdn.requests("/loop/model.safetensors")).hasSize(HubHttp.MAX_REDIRECTS + 1);
  }

  @Test
  void anExpiredPresignedUrlIsResolvedAgainThroughTheHub() {
    Blob blob = Blob.random(90_000, 24);
    AtomicInteger signatures = new AtomicInteger();
    FakeHubs.api.route("/civitai/api/download/models/777", ex -> FakeServer.redirect(ex, 307,
        FakeHubs.cdnUrl("/r2/expiring?sig=" + signatures.incrementAndGet())));
    FakeHubs.cdn.route("/r2/expiring", ex -> {
      if (ex.getRequestURI().getQuery().equals("sig=1")) {
        FakeServer.text(ex, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      } else {
        blob.contentDisposition = "attachment; filename=\"renewed.safetensors\"";
        blob.handle(ex);
      }
    });
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/777", "type", "LORA"));
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(signatures.get()).isEqualTo(2);
    assertThat(read("models/Lora/renewed.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void aSha256MismatchDeletesTheFileAndFailsTheJob() {
    Blob blob = Blob.random(50_000, 25);
    FakeHubs.cdn.route("/mismatch/model.safetensors", blob);
    JsonPath job = finished(start("url", FakeHubs.cdnUrl("/mismatch/model.safetensors"), "type", "LORA", "name", "mismatch",
        "sha256", "0".repeat(64)));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("SHA256_MISMATCH");
    assertThat(job.getString("error")).contains(blob.sha256);
    assertThat(DATA.resolve("models/Lora/mismatch.safetensors")).doesNotExist();
    assertThat(partFiles()).isZero();
    given().get(managementUrl() + "metrics").then().body(org.hamcrest.Matchers.containsString(
        "sdnest_downloader_failures_total{reason=\"sha256_mismatch\"}"));
  }

  @Test
  void aHubListedSizeThatTheServerContradictsFailsTheJob() {
    Blob listed = Blob.random(200_000, 26);
    Blob served = Blob.random(150_000, 27);
    Hubs.modelScopeRepo("/cn", "dave", "ms-size", Map.of("size.safetensors", listed));
    FakeHubs.cdn.route("/ms/cn/dave/ms-size/size.safetensors", served);
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/dave/ms-size/resolve/master/size.safetensors",
        "type", "CHECKPOINT"));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("SIZE_MISMATCH");
    assertThat(DATA.resolve("models/Stable-diffusion/size.safetensors")).doesNotExist();
  }

  @Test
  void aHubSha256ThatTheBytesContradictFailsTheJob() {
    Blob listed = Blob.random(100_000, 28);
    Blob served = Blob.random(100_000, 29);
    Hubs.modelScopeRepo("/cn", "dave", "ms-sha", Map.of("sha.safetensors", listed));
    FakeHubs.cdn.route("/ms/cn/dave/ms-sha/sha.safetensors", served);
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/dave/ms-sha/resolve/master/sha.safetensors",
        "type", "CHECKPOINT"));
    assertThat(job.getString("reason")).isEqualTo("SHA256_MISMATCH");
    assertThat(DATA.resolve("models/Stable-diffusion/sha.safetensors")).doesNotExist();
  }

  @Test
  void aMissingTokenIsReportedAsSuchWithoutRetrying() {
    FakeHubs.api.route("/civitai/api/download/models/401", ex -> FakeServer.text(ex, 401,
        "{\"error\":\"Unauthorized\",\"message\":\"The creator of this asset requires you to be logged in to download it\"}"));
    JsonPath job = finished(start("url", "https://civitai.com/api/download/models/401", "type", "LORA", "name", "gated"));
    assertThat(job.getString("reason")).isEqualTo("TOKEN_REQUIRED");
    assertThat(FakeHubs.api.requests("/civitai/api/download/models/401")).hasSize(1);
    assertThat(DATA.resolve("models/Lora/gated.safetensors")).doesNotExist();
  }

  @Test
  void cancellingARunningDownloadRemovesItsPartialData() {
    Blob blob = Blob.random(4_000_000, 30);
    blob.pauseMillisPer64k = 50;
    FakeHubs.cdn.route("/slow/cancel.safetensors", blob);
    String id = start("url", FakeHubs.cdnUrl("/slow/cancel.safetensors"), "type", "LORA", "name", "cancelled");
    while (given().get("/downloader/v1/downloads/" + id).jsonPath().getLong("bytesDone") == 0) {
      sleep(20);
    }
    assertThat(partFiles()).isEqualTo(1);
    given().delete("/downloader/v1/downloads/" + id).then().statusCode(200);
    JsonPath job = finished(id);
    assertThat(job.getString("state")).isEqualTo("CANCELLED");
    assertThat(partFiles()).isZero();
    assertThat(DATA.resolve("models/Lora/cancelled.safetensors")).doesNotExist();
  }

  @Test
  void concurrentRequestsForTheSameUrlAndTargetJoinOneJob() {
    Blob blob = Blob.random(1_000_000, 31);
    blob.pauseMillisPer64k = 20;
    FakeHubs.cdn.route("/slow/joined.safetensors", blob);
    String first = start("url", FakeHubs.cdnUrl("/slow/joined.safetensors"), "type", "LORA", "name", "joined");
    String second = start("url", FakeHubs.cdnUrl("/slow/joined.safetensors"), "type", "LORA", "name", "joined");
    assertThat(second).isEqualTo(first);
    JsonPath job = finished(first);
    assertThat(job.getString("state")).isEqualTo("DONE");
    assertThat(FakeHubs.cdn.requests("/slow/joined.safetensors")).hasSize(1);
    assertThat(read("models/Lora/joined.safetensors")).isEqualTo(blob.data);
  }

  @Test
  void aDifferentUrlForATargetBeingWrittenFails() {
    Blob slow = Blob.random(1_000_000, 32);
    slow.pauseMillisPer64k = 20;
    FakeHubs.cdn.route("/slow/busy-a.safetensors", slow);
    FakeHubs.cdn.route("/slow/busy-b.safetensors", Blob.random(1000, 33));
    String first = start("url", FakeHubs.cdnUrl("/slow/busy-a.safetensors"), "type", "LORA", "name", "busy-target");
    String second = start("url", FakeHubs.cdnUrl("/slow/busy-b.safetensors"), "type", "LORA", "name", "busy-target");
    assertThat(second).isNotEqualTo(first);
    assertThat(finished(second).getString("reason")).isEqualTo("TARGET_BUSY");
    assertThat(finished(first).getString("state")).isEqualTo("DONE");
    assertThat(read("models/Lora/busy-target.safetensors")).isEqualTo(slow.data);
  }

  @Test
  void aRepositoryShowsNoCompleteLookingFileUntilEveryFileIsVerified() throws InterruptedException {
    Blob index = new Blob("{\"_class_name\":\"OnnxStableDiffusionPipeline\"}".getBytes());
    Blob vocab = Blob.random(3_000, 34);
    Blob unet = Blob.random(1_000_000, 35);
    Hubs.modelScopeRepo("/cn", "erin", "slow-repo", Map.of("model_index.json", index, "tokenizer/vocab.json", vocab,
        "unet/model.onnx", unet));
    // the last file (in path order) is held back until the files before it are verified and the folder inspected
    CountDownLatch release = new CountDownLatch(1);
    String unetPath = "/ms/cn/erin/slow-repo/unet/model.onnx";
    FakeHubs.cdn.route(unetPath, ex -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      unet.handle(ex);
    });
    Set<Path> published = completeLookingFiles();
    String id = start("url", "https://www.modelscope.cn/models/erin/slow-repo", "type", "CHECKPOINT");
    try {
      while (FakeHubs.cdn.requests(unetPath).isEmpty()) {
        sleep(10);
      }
      Set<Path> files = allFiles();
      assertThat(files.stream().filter(p -> !p.getFileName().toString().endsWith(".part")).filter(p -> !published.contains(p)))
          .as("complete-looking files of an unfinished repository").isEmpty();
      assertThat(files.stream().map(p -> p.getFileName().toString()))
          .as("the files before the slow one are verified and wait under their .part names")
          .contains("model_index.json.part", "vocab.json.part");
    } finally {
      release.countDown();
    }
    JsonPath job = finished(id);
    assertThat(job.getString("state")).as(job.prettify()).isEqualTo("DONE");
    assertThat(read("models/Stable-diffusion/slow-repo/model_index.json")).isEqualTo(index.data);
    assertThat(read("models/Stable-diffusion/slow-repo/tokenizer/vocab.json")).isEqualTo(vocab.data);
    assertThat(read("models/Stable-diffusion/slow-repo/unet/model.onnx")).isEqualTo(unet.data);
    assertThat(partFiles()).isZero();
  }

  @Test
  void aSha256MismatchOfOneRepositoryFileFailsTheJobAndLeavesNothingUnderModels() {
    Blob index = new Blob("{\"_class_name\":\"OnnxStableDiffusionPipeline\"}".getBytes());
    Blob unet = Blob.random(200_000, 36);
    unet.data[1000] ^= 1; // the listed Sha256 is of the bytes before this change
    Hubs.modelScopeRepo("/cn", "erin", "bad-repo", Map.of("model_index.json", index, "unet/model.onnx", unet));
    Set<Path> before = allFiles();
    JsonPath job = finished(start("url", "https://www.modelscope.cn/models/erin/bad-repo", "type", "CHECKPOINT"));
    assertThat(job.getString("state")).isEqualTo("FAILED");
    assertThat(job.getString("reason")).isEqualTo("SHA256_MISMATCH");
    assertThat(allFiles()).isEqualTo(before);
    assertThat(DATA.resolve("models/Stable-diffusion/bad-repo")).doesNotExist();
    assertThat(partFiles()).isZero();
  }

  /** Every regular file under models/, retried when a rename races the walk. */
  private static Set<Path> allFiles() {
    while (true) {
      if (!Files.isDirectory(DATA.resolve("models"))) {
        return new HashSet<>();
      }
      try (var walk = Files.walk(DATA.resolve("models"))) {
        return walk.filter(Files::isRegularFile).collect(Collectors.toCollection(HashSet::new));
      } catch (IOException | UncheckedIOException e) {
        // a file or folder was renamed while the walk passed it
      }
    }
  }

  private static Set<Path> completeLookingFiles() {
    return allFiles().stream().filter(p -> !p.getFileName().toString().endsWith(".part")).collect(Collectors.toSet());
  }

  @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
  java.net.URL management;

  private String managementUrl() {
    return management.toString();
  }
}
