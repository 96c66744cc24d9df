package io.sdnest.gateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One sdnest service started from its packaged jar, as {@code ./sdnest up} starts it. */
final class ServiceProcess implements AutoCloseable {

  final String module;
  final int port;
  final int managementPort;
  final Path log;
  private final Process process;

  private ServiceProcess(String module, int port, int managementPort, Path log, Process process) {
    this.module = module;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
    this.process = process;
  }

  static Path repoRoot() {
    String root = System.getProperty("test.repo-root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  static ServiceProcess start(String module, Path dataDir, Map<String, String> env, String... properties) throws IOException {
    Path jar = repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Build the jar first (./mvnw package): " + jar);
    }
    int port = freePort();
    int managementPort = freePort();
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
        "-Dsdnest.data-dir=" + dataDir));
    command.addAll(List.of(properties));
    command.addAll(List.of("-jar", jar.toString()));
    Path log = Files.createTempFile("sdnest-" + module, ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SDNEST_ADMIN_PASSWORD");
    builder.environment().putAll(env);
    return new ServiceProcess(module, port, managementPort, log, builder.start());
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** Waits until the readiness probe passes, or fails with the service's log if it dies or takes too long. */
  ServiceProcess awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(module + " not ready in time:\n" + output());
  }

  /** Waits for the process to exit on its own; returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(module + " did not exit:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
