package io.sdnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One service's packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a process on loopback. */
final class RunningService implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Service service;
  final int httpPort;
  final int managementPort;
  private final Process process;
  private final Path log;

  private RunningService(Service service, int httpPort, int managementPort, Process process, Path log) {
    this.service = service;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.process = process;
    this.log = log;
  }

  static Path jar(Service service) {
    return Repo.root().resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** Starts the jar with the environment a deployment gives it (ports, data dir, extra variables). */
  static RunningService start(Service service, Path dataDir, Map<String, String> extraEnv, int httpPort, int managementPort) {
    try {
      Path log = Files.createTempFile("sdnest-" + service.k8sName + "-", ".log");
      ProcessBuilder builder = new ProcessBuilder(List.of(javaBin(), "-Xmx512m", "-jar", jar(service).toString()))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
      env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
      env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
      env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
      env.put("SDNEST_DATA_DIR", dataDir.toString());
      env.putAll(extraEnv);
      return new RunningService(service, httpPort, managementPort, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET on the management interface; status and body. */
  HttpResponse<String> management(String path) throws IOException, InterruptedException {
    return management(path, "*/*");
  }

  HttpResponse<String> management(String path, String accept) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
        .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A call on the public port, with HTTP Basic credentials when {@code user} is not null; status and body. */
  HttpResponse<String> call(String method, String path, String jsonBody, String user, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofMinutes(5))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      String token = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the management interface answers, or the process ends (then fails with its log). */
  void awaitManagement(String path, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(service + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        int status = management(path).statusCode();
        if (status < 500 || status == 503) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(service + " did not answer " + path + " in " + patience + ":\n" + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
