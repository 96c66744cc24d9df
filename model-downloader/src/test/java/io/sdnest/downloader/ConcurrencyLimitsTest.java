package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.Hubs;

/**
 * Downloads held open by the fake servers, observed through {@code GET /downloads}: never more transfers than the
 * global and per-host limits, the rest QUEUED (a job waiting for its host's slot is not DOWNLOADING), and every one
 * finishes once the servers answer.
 */
@QuarkusTest
@WithTestResource(FakeHubs.class)
class ConcurrencyLimitsTest extends DownloadTestSupport {

  @Inject
  DownloaderConfig config;

  /** The same bytes, answered only once {@code gate} opens: until then the job holds its slots. */
  private static Blob gated(Blob blob, CountDownLatch gate) {
    return new Blob(blob.data) {
      @Override
      public void handle(HttpExchange exchange) throws IOException {
        try {
          gate.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.handle(exchange);
      }
    };
  }

  /** The states of {@code ids}, from one answer of {@code GET /downloads}. */
  private static List<String> states(List<String> ids) {
    JsonPath all = given().get("/downloader/v1/downloads").then().statusCode(200).extract().jsonPath();
    List<String> states = new ArrayList<>();
    for (String id : ids) {
      states.add(all.getString("find { it.id == '" + id + "' }.state"));
    }
    return states;
  }

  private static long count(List<String> states, String state) {
    return states.stream().filter(state::equals).count();
  }

  /** Polls until the states satisfy {@code condition}; a minute without is a hang, not slowness. */
  private static List<String> await(List<String> ids, Predicate<List<String>> condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      List<String> states = states(ids);
      if (condition.test(states)) {
        return states;
      }
      assertThat(System.nanoTime()).as("never saw %s; last states %s", what, states).isLessThan(deadline);
      sleep(20);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("never saw %s", what).isLessThan(deadline);
      sleep(10);
    }
  }

  /** Polls until every job finished; the most jobs seen DOWNLOADING at once. */
  private static long mostDownloadingUntilFinished(List<String> ids) {
    long most = 0;
    while (true) {
      List<String> states = states(ids);
      most = Math.max(most, count(states, "DOWNLOADING"));
      if (states.stream().allMatch(s -> s.equals("DONE") || s.equals("FAILED") || s.equals("CANCELLED"))) {
        return most;
      }
      sleep(20);
    }
  }

  @Test
  void noMoreJobsThanThePerHostLimitDownloadFromOneHostAtOnceAndTheOthersWaitQueued() {
    int perHost = config.limits().maxPerHost();
    assertThat(perHost).as("a worker must be free beyond the host's slots, else the global limit explains it all")
        .isLessThan(config.limits().maxConcurrentDownloads());
    CountDownLatch gate = new CountDownLatch(1);
    List<String> ids = new ArrayList<>();
    List<Blob> blobs = new ArrayList<>();
    try {
      for (int i = 0; i < perHost + 2; i++) {
        Blob blob = Blob.random(200_000, 70 + i);
        blobs.add(blob);
        FakeHubs.cdn.route("/concurrency/host-" + i + ".safetensors", gated(blob, gate));
        ids.add(start("url", FakeHubs.cdnUrl("/concurrency/host-" + i + ".safetensors"), "type", "LORA", "name", "per-host-" + i));
      }
      await(ids, s -> count(s, "DOWNLOADING") == perHost && count(s, "QUEUED") == 2,
          perHost + " jobs DOWNLOADING from the one host and the other 2 QUEUED");
      for (int i = 0; i < 10; i++) {
        assertThat(count(states(ids), "DOWNLOADING")).isEqualTo(perHost);
        sleep(20);
      }
    } finally {
      gate.countDown();
    }
    assertThat(mostDownloadingUntilFinished(ids)).isLessThanOrEqualTo(perHost);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(finished(ids.get(i)).getString("state")).isEqualTo("DONE");
      assertThat(read("models/Lora/per-host-" + i + ".safetensors")).isEqualTo(blobs.get(i).data);
    }
  }

  @Test
  void noMoreJobsThanTheGlobalLimitDownloadAtOnceAndACancelledQueuedJobNeverStarts() {
    int global = config.limits().maxConcurrentDownloads();
    assertThat(2 * config.limits().maxPerHost()).as("two hosts' slots must exceed the global limit").isGreaterThan(global);
    CountDownLatch gate = new CountDownLatch(1);
    List<String> ids = new ArrayList<>();
    String last = null;
    try {
      for (int i = 0; i < global + 2; i++) {
        String path = "/concurrency/global-" + i + ".safetensors";
        // alternately from the CDN ("localhost") and the API server (127.0.0.1, an extra host)
        String url = i % 2 == 0 ? FakeHubs.cdnUrl(path) : FakeHubs.api.base("127.0.0.1") + path;
        (i % 2 == 0 ? FakeHubs.cdn : FakeHubs.api).route(path, gated(Blob.random(100_000, 80 + i), gate));
        ids.add(start("url", url, "type", "LORA", "name", "global-" + i));
      }
      await(ids, s -> count(s, "DOWNLOADING") == global && count(s, "QUEUED") == 2,
          global + " jobs DOWNLOADING and the other 2 QUEUED");
      last = ids.get(ids.size() - 1);
      assertThat(given().delete("/downloader/v1/downloads/" + last).then().statusCode(200).extract().path("state")
          .toString()).isEqualTo("CANCELLED");
    } finally {
      gate.countDown();
    }
    assertThat(mostDownloadingUntilFinished(ids)).isLessThanOrEqualTo(global);
    for (String id : ids.subList(0, ids.size() - 1)) {
      assertThat(finished(id).getString("state")).isEqualTo("DONE");
    }
    assertThat(finished(last).getString("state")).isEqualTo("CANCELLED");
    String lastPath = "/concurrency/global-" + (ids.size() - 1) + ".safetensors";
    assertThat(FakeHubs.cdn.requests(lastPath)).isEmpty();
    assertThat(FakeHubs.api.requests(lastPath)).isEmpty();
    assertThat(DATA.resolve("models/Lora/global-" + (ids.size() - 1) + ".safetensors")).doesNotExist();
  }

  @Test
  void cancellingARepositoryQueuedForItsHostRemovesTheFilesItAlreadyHas() {
    assertThat(config.limits().maxPerHost()).as("the scenario fills the API host's slots with the repository and one job")
        .isEqualTo(2);
    CountDownLatch firstFile = new CountDownLatch(1);
    CountDownLatch others = new CountDownLatch(1);
    Blob index = new Blob("{\"_class_name\":\"OnnxStableDiffusionPipeline\"}".getBytes());
    List<String> blockers = new ArrayList<>();
    try {
      // the repository's small first file comes from the API host (held until firstFile opens); its large second
      // one is asked for there too, and redirected to the CDN
      Hubs.modelScopeRepo("/cn", "queue", "waiting-repo", Map.of("model_index.json", gated(index, firstFile),
          "unet/model.onnx", Blob.random(200_000, 110)));
      String repo = start("url", "https://www.modelscope.cn/models/queue/waiting-repo", "type", "CHECKPOINT");
      String fileApi = "/cn/api/v1/models/queue/waiting-repo/repo";
      awaitTrue(() -> FakeHubs.api.requests(fileApi).size() == 1, "the repository asking for its first file");
      String holding = "/concurrency/blocker-0.safetensors";
      FakeHubs.api.route(holding, gated(Blob.random(50_000, 100), others));
      blockers.add(start("url", FakeHubs.api.base("127.0.0.1") + holding, "type", "LORA", "name", "blocker-0"));
      awaitTrue(() -> FakeHubs.api.requests(holding).size() == 1, "blocker 0 holding the API host's second slot");
      FakeHubs.api.route("/concurrency/blocker-1.safetensors", gated(Blob.random(50_000, 101), others));
      String waiting = start("url", FakeHubs.api.base("127.0.0.1") + "/concurrency/blocker-1.safetensors", "type", "LORA",
          "name", "blocker-1");
      blockers.add(waiting);
      // QUEUED again after it started: waiting for the host, not for a worker
      awaitTrue(() -> {
        JsonPath j = given().get("/downloader/v1/downloads/" + waiting).jsonPath();
        return j.getString("state").equals("QUEUED") && !j.getString("updatedAt").equals(j.getString("createdAt"));
      }, "blocker 1 waiting for the API host");
      // the first file arrives; the slot it frees goes to the job waiting for it, and the repository waits
      firstFile.countDown();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      JsonPath job = given().get("/downloader/v1/downloads/" + repo).jsonPath();
      while (!(job.getString("state").equals("QUEUED") && job.getLong("bytesDone") == index.data.length)) {
        assertThat(job.getString("state")).isIn("QUEUED", "DOWNLOADING");
        assertThat(System.nanoTime()).as("the repository never waited QUEUED: %s", job.prettify()).isLessThan(deadline);
        sleep(10);
        job = given().get("/downloader/v1/downloads/" + repo).jsonPath();
      }
      assertThat(partFiles()).as("the repository's staging folder").isPositive();
      given().delete("/downloader/v1/downloads/" + repo).then().statusCode(200);
      assertThat(finished(repo).getString("state")).isEqualTo("CANCELLED");
      assertThat(FakeHubs.api.requests(fileApi)).as("the second file never asked for").hasSize(1);
    } finally {
      firstFile.countDown();
      others.countDown();
    }
    try (var walk = Files.walk(DATA.resolve("models/Stable-diffusion"))) {
      assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("waiting-repo"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    blockers.forEach(b -> assertThat(finished(b).getString("state")).isEqualTo("DONE"));
  }

  @Test
  void whileDownloadingAJobShowsAPlausibleSpeedAndEta() {
    Blob blob = Blob.random(6_000_000, 90);
    blob.pauseMillisPer64k = 50;
    FakeHubs.cdn.route("/concurrency/speed.safetensors", blob);
    String id = start("url", FakeHubs.cdnUrl("/concurrency/speed.safetensors"), "type", "LORA", "name", "speed");
    JsonPath sample = null;
    while (sample == null) {
      JsonPath job = given().get("/downloader/v1/downloads/" + id).then().statusCode(200).extract().jsonPath();
      assertThat(job.getString("state")).as("the transfer ended before a speed was reported: %s", job.prettify())
          .isIn("QUEUED", "RESOLVING", "DOWNLOADING");
      if (job.getString("state").equals("DOWNLOADING") && job.getLong("speed") > 0 && job.get("etaSeconds") != null) {
        sample = job;
      }
      sleep(50);
    }
    // the server sends at most 64 KiB per 50 ms (about 1.3 MB/s): the whole file in one second would be implausible
    assertThat(sample.getLong("speed")).isBetween(1L, (long) blob.data.length);
    assertThat(sample.getLong("bytesTotal")).isEqualTo(blob.data.length);
    long remaining = blob.data.length - sample.getLong("bytesDone");
    assertThat(sample.getLong("etaSeconds")).isPositive()
        .isCloseTo((long) Math.ceil((double) remaining / sample.getLong("speed")), Offset.offset(1L));
    assertThat(finished(id).getString("state")).isEqualTo("DONE");
  }
}
