package io.sdnest.gateway.stub;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A stand-in for an inference replica or the downloader: an HTTP port that echoes what it received (headers, and
 * the body's length and SHA-256, computed while streaming, and the client port of the connection it came on) plus a
 * management port with readiness and an OpenAPI document. A few paths misbehave on purpose: {@code /reset} drops the
 * connection, {@code /slow} never answers, {@code /hold} answers when the test releases it, {@code /trickle} sends
 * its headers and a first chunk and then nothing, {@code /download/<bytes>} streams that many bytes.
 */
public final class StubService {

  private final Vertx vertx;
  private final String name;
  private HttpServer server;
  private HttpServer management;
  private int port;
  private int managementPort;
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

  public StubService(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
  }

  public StubService start() {
    server = listen(port, this::handle);
    port = server.actualPort();
    if (management == null) {
      management = listen(0, this::handleManagement);
      managementPort = management.actualPort();
    }
    return this;
  }

  /** Closes the HTTP port (connections then fail); {@link #start()} reopens it on the same port. */
  public void stop() {
    await(server.close());
  }

  public void close() {
    await(server.close());
    await(management.close());
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  public String name() {
    return name;
  }

  public void setReady(boolean value) {
    ready.set(value);
  }

  /** Held requests whose connection is still open. */
  public int heldCount() {
    return held.size();
  }

  /** Held or trickling requests whose connection closed before their response ended. */
  public int abandonedCount() {
    return abandoned.get();
  }

  /** The URIs of all requests this replica received, oldest first. */
  public List<String> receivedUris() {
    return List.copyOf(received);
  }

  public void releaseHeld() {
    CompletableFuture<Void> next;
    while ((next = held.poll()) != null) {
      next.complete(null);
    }
  }

  private HttpServer listen(int wanted, io.vertx.core.Handler<HttpServerRequest> handler) {
    return await(vertx.createHttpServer().requestHandler(handler).listen(wanted, "127.0.0.1"));
  }

  private void handle(HttpServerRequest request) {
    received.add(request.uri());
    String path = request.path();
    if (path.endsWith("/reset")) {
      request.connection().close();
      return;
    }
    if (path.endsWith("/slow")) {
      return;
    }
    if (path.endsWith("/trickle")) {
      request.response().setChunked(true).putHeader("X-Stub", name).write("first chunk\n");
      request.response().closeHandler(v -> abandoned.incrementAndGet());
      return;
    }
    if (path.contains("/download/")) {
      long size = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
      request.response().putHeader("Content-Length", Long.toString(size)).putHeader("X-Stub", name);
      new PatternStream(vertx, size).pipeTo(request.response());
      return;
    }
    MessageDigest sha = sha256();
    long[] bytes = {0};
    request.handler(chunk -> {
      bytes[0] += chunk.length();
      sha.update(chunk.getBytes());
    });
    request.endHandler(v -> {
      Map<String, String> headers = new TreeMap<>();
      request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "," + b));
      JsonObject echo = new JsonObject()
          .put("service", name)
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("headers", new JsonObject(new TreeMap<>(headers)))
          .put("bytes", bytes[0])
          .put("clientPort", request.connection().remoteAddress().port())
          .put("sha256", HexFormat.of().formatHex(sha.digest()));
      Runnable answer = () -> request.response()
          .setStatusCode(path.endsWith("/missing") ? 404 : 200)
          .putHeader("Content-Type", "application/json")
          .putHeader("X-Stub", name)
          .end(echo.toBuffer());
      if (path.endsWith("/hold") || path.endsWith("/txt2img")) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        held.add(gate);
        request.response().closeHandler(closed -> {
          if (held.remove(gate)) {
            abandoned.incrementAndGet();
          }
        });
        gate.thenRun(() -> vertx.runOnContext(x -> answer.run()));
      } else {
        answer.run();
      }
    });
  }

  private void handleManagement(HttpServerRequest request) {
    if (request.path().equals("/q/health/ready")) {
      request.response().setStatusCode(ready.get() ? 200 : 503).end("{\"status\":\"" + (ready.get() ? "UP" : "DOWN") + "\"}");
    } else if (request.path().equals("/q/openapi")) {
      request.response().putHeader("Content-Type", "application/json")
          .end("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + name + "\",\"version\":\"1\"},\"paths\":{}}");
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
