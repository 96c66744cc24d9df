package io.sdnest.downloader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** An HTTP (or, given a TLS context, HTTPS) server on 127.0.0.1 standing in for a hub or a CDN; routes are exact paths. */
public class FakeServer implements AutoCloseable {

  /** One request as the server saw it. */
  public record Seen(String method, String path, String query, Map<String, List<String>> headers) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final String scheme;
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  public final List<Seen> seen = new CopyOnWriteArrayList<>();

  public FakeServer() throws IOException {
    this(null);
  }

  public FakeServer(SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
          Map.copyOf(exchange.getRequestHeaders())));
      HttpHandler h = routes.get(exchange.getRequestURI().getPath());
      try {
        if (h == null) {
          text(exchange, 404, "no route " + exchange.getRequestURI().getPath());
        } else {
          h.handle(exchange);
        }
      } catch (IOException | RuntimeException e) {
        // a handler that drops the connection on purpose ends here
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http(s)://<host>:<port>}; pass "localhost" to look like a second host (a CDN). */
  public String base(String host) {
    return scheme + "://" + host + ":" + port();
  }

  public void route(String path, HttpHandler handler) {
    routes.put(path, handler);
  }

  public List<Seen> requests(String path) {
    return seen.stream().filter(s -> s.path().equals(path)).toList();
  }

  public static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public static void redirect(HttpExchange exchange, int status, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(status, -1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
