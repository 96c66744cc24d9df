package io.sdnest.downloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeServer;

/**
 * The packaged service as a process with a 64 MiB heap: killed with SIGKILL mid-download, restarted, and the
 * download completes from its .part file with the right sha256; a file several times larger than the heap uploads.
 */
class DownloaderProcessIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private FakeServer cdn;
  private Path data;
  private int port;
  private int managementPort;

  @BeforeEach
  void setUp() throws IOException {
    cdn = new FakeServer();
    data = Files.createTempDirectory("sdnest-it-data");
    port = freePort();
    managementPort = freePort();
  }

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
    cdn.close();
  }

  private Process startService() throws IOException, InterruptedException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).exists();
    Process p = new ProcessBuilder("java", "-Xmx64m", "-Dsdnest.data-dir=" + data, "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort,
        "-Dsdnest.downloader.allow-http=true", "-Dsdnest.downloader.allow-private-addresses=true",
        "-Dsdnest.downloader.extra-hosts=localhost,127.0.0.1", "-Dsdnest.downloader.extra-ports=" + cdn.port(),
        "-Dsdnest.downloader.retry.initial-backoff=50ms",
        "-Dsdnest.downloader.huggingface.endpoint=" + cdn.base("127.0.0.1") + "/hf",
        "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(data.resolve("service-" + processes.size() + ".log").toFile()).start();
    processes.add(p);
    while (true) {
      assertThat(p.isAlive()).as("the service stopped while starting; see " + data).isTrue();
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // still starting
      }
      pause(100);
    }
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  @Test
  void aDownloadKilledWithSigkillResumesFromItsPartFileAfterARestart() throws Exception {
    Blob blob = Blob.random(24 << 20, 51);
    blob.pauseMillisPer64k = 8;
    cdn.route("/big/model.safetensors", blob);
    Process first = startService();
    String id = call("POST", "/downloader/v1/downloads", JSON.writeValueAsString(java.util.Map.of(
        "url", cdn.base("localhost") + "/big/model.safetensors", "type", "CHECKPOINT", "name", "survivor",
        "sha256", blob.sha256, "token", "never-on-disk-token"))).path("id").asText();
    while (call("GET", "/downloader/v1/downloads/" + id, null).path("bytesDone").asLong() < (4 << 20)) {
      pause(50);
    }
    first.destroyForcibly().waitFor();
    Path part = data.resolve("models/Stable-diffusion/survivor.safetensors." + id + ".part");
    assertThat(part).exists();
    long before = Files.size(part);
    assertThat(before).isGreaterThanOrEqualTo(4 << 20).isLessThan(blob.data.length);
    String state = Files.readString(data.resolve("state/downloads/" + id + ".json"));
    assertThat(state).doesNotContain("never-on-disk-token").contains("DOWNLOADING");

    blob.pauseMillisPer64k = 0;
    long restarted = System.nanoTime();
    startService();
    JsonNode job;
    while (!(job = call("GET", "/downloader/v1/downloads/" + id, null)).path("state").asText().matches("DONE|FAILED|CANCELLED")) {
      pause(50);
    }
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
    assertThat(job.path("sha256").asText()).isEqualTo(blob.sha256);
    Path model = data.resolve("models/Stable-diffusion/survivor.safetensors");
    assertThat(sha256(model)).isEqualTo(blob.sha256);
    assertThat(part).doesNotExist();
    List<FakeServer.Seen> requests = cdn.requests("/big/model.safetensors");
    String range = requests.get(requests.size() - 1).header("Range");
    assertThat(range).startsWith("bytes=");
    assertThat(Long.parseLong(range.substring(6, range.length() - 1))).isGreaterThanOrEqualTo(before - (1 << 20));
    System.out.printf("restart to completed resume: %d ms%n", (System.nanoTime() - restarted) / 1_000_000);
  }

  @Test
  void aDownloadResumedAfterARestartWithoutItsTokenFailsAskingToSubmitItAgainWithTheToken() throws Exception {
    Blob blob = Blob.random(4 << 20, 52);
    blob.pauseMillisPer64k = 50;
    cdn.route("/hf/acme/gated/resolve/main/model.safetensors", ex -> {
      if ("Bearer hf-secret".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        blob.handle(ex);
      } else {
        FakeServer.text(ex, 401, "{\"error\":\"Access to model acme/gated is restricted\"}");
      }
    });
    Process first = startService();
    String id = call("POST", "/downloader/v1/downloads", JSON.writeValueAsString(java.util.Map.of(
        "url", "https://huggingface.co/acme/gated/resolve/main/model.safetensors", "type", "CHECKPOINT", "name", "gated",
        "token", "hf-secret"))).path("id").asText();
    while (call("GET", "/downloader/v1/downloads/" + id, null).path("bytesDone").asLong() == 0) {
      pause(50);
    }
    first.destroyForcibly().waitFor();

    startService();
    JsonNode job;
    while (!(job = call("GET", "/downloader/v1/downloads/" + id, null)).path("state").asText().matches("DONE|FAILED|CANCELLED")) {
      pause(50);
    }
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("FAILED");
    assertThat(job.path("reason").asText()).isEqualTo("TOKEN_REQUIRED");
    assertThat(job.path("error").asText()).contains("restarted").contains("submit it again with the token");
    List<FakeServer.Seen> requests = cdn.requests("/hf/acme/gated/resolve/main/model.safetensors");
    assertThat(requests.get(requests.size() - 1).header("Authorization")).isNull();
    assertThat(data.resolve("models/Stable-diffusion/gated.safetensors." + id + ".part")).doesNotExist();
  }

  @Test
  void aFileMuchLargerThanTheHeapUploadsStreamed() throws Exception {
    Path big = Files.createTempFile("sdnest-upload", ".safetensors");
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(61);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 320; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
        digest.update(chunk);
      }
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    Process service = startService();
    String boundary = "sdnest" + Long.toHexString(random.nextLong());
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nCHECKPOINT\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"sha256\"\r\n\r\n" + sha + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.safetensors\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/downloader/v1/uploads"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head), HttpRequest.BodyPublishers.ofFile(big),
            HttpRequest.BodyPublishers.ofString(tail))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(JSON.readTree(response.body()).path("sha256").asText()).isEqualTo(sha);
    assertThat(Files.size(data.resolve("models/Stable-diffusion/huge.safetensors"))).isEqualTo(320L << 20);
    assertThat(service.isAlive()).isTrue();
    String log = Files.readString(data.resolve("service-0.log"), StandardCharsets.UTF_8);
    assertThat(log).doesNotContain("OutOfMemoryError");
    Files.delete(big);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
