package io.sdnest.downloader.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/**
 * The one way the downloader talks to the internet: redirects are followed by hand so every hop passes the
 * {@link UrlGuard} against the host set of the hub (or plain URL) the request is for, connections go only to
 * addresses its resolver checked, and hub credentials never leave the host they were meant for.
 */
@ApplicationScoped
public class HubHttp {

  /** Redirects followed per request; a longer chain is a loop, which no retry fixes. */
  public static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "sdnest-downloader/0.1";

  private final CloseableHttpClient client;
  private final UrlGuard guard;
  private final ObjectMapper json;
  private final long maxApiResponse;

  public HubHttp(DownloaderConfig config, UrlGuard guard, ObjectMapper json) {
    this.guard = guard;
    this.json = json;
    this.maxApiResponse = config.limits().maxApiResponse().asLongValue();
    Timeout read = Timeout.ofMilliseconds(config.limits().readTimeout().toMillis());
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(guard.resolver())
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(config.limits().connectTimeout().toMillis()))
                .setSocketTimeout(read).setTimeToLive(10, TimeUnit.MINUTES).build())
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
            .setMaxConnTotal(64).setMaxConnPerRoute(16).build())
        .disableRedirectHandling().disableContentCompression().disableAutomaticRetries().disableCookieManagement()
        .setUserAgent(USER_AGENT).build();
  }

  /**
   * Opens a GET, following redirects within {@code hosts}. {@code hubHeaders} (credentials) go only to the first
   * URL's host; {@code headers} (Range, If-Range) go to every hop. The caller closes the answer.
   */
  public Fetch get(URI url, HostSet hosts, Map<String, String> hubHeaders, Map<String, String> headers,
      Consumer<HttpUriRequestBase> onRequest) throws IOException {
    return execute(url, hosts, hubHeaders, headers, null, onRequest);
  }

  public JsonNode getJson(URI url, HostSet hosts, Map<String, String> hubHeaders) throws IOException {
    try (Fetch fetch = execute(url, hosts, hubHeaders, Map.of("Accept", "application/json"), null, r -> { })) {
      return readJson(fetch);
    }
  }

  public JsonNode postJson(URI url, HostSet hosts, Map<String, String> hubHeaders, Object body) throws IOException {
    try (Fetch fetch = execute(url, hosts, hubHeaders, Map.of("Accept", "application/json"), json.writeValueAsString(body),
        r -> { })) {
      return readJson(fetch);
    }
  }

  private JsonNode readJson(Fetch fetch) throws IOException {
    if (fetch.status() != 200) {
      throw new HubStatusException(fetch.status(), fetch.finalUrl(), fetch.retryAfter());
    }
    byte[] body = fetch.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxApiResponse + 1));
    if (body.length > maxApiResponse) {
      throw new IOException("The hub's answer from " + fetch.finalUrl().getHost() + " is larger than " + maxApiResponse + " bytes");
    }
    return json.readTree(body);
  }

  private Fetch execute(URI url, HostSet hosts, Map<String, String> hubHeaders, Map<String, String> headers, String jsonBody,
      Consumer<HttpUriRequestBase> onRequest) throws IOException {
    URI current = url;
    String firstHost = UrlGuard.hostOf(url);
    Map<String, String> linked = new HashMap<>();
    boolean redirected = false;
    URI previous = null;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      checkHop(previous, current, hosts);
      HttpUriRequestBase request = jsonBody != null && hop == 0 ? new HttpPost(current) : new HttpGet(current);
      if (request instanceof HttpPost post) {
        post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
      }
      request.setHeader("Accept-Encoding", "identity");
      headers.forEach(request::setHeader);
      if (UrlGuard.hostOf(current).equals(firstHost)) {
        hubHeaders.forEach(request::setHeader);
      }
      onRequest.accept(request);
      ClassicHttpResponse response = client.executeOpen(null, request, null);
      int status = response.getCode();
      for (Header h : response.getHeaders()) {
        String name = h.getName().toLowerCase(Locale.ROOT);
        if (name.startsWith("x-linked-")) {
          linked.putIfAbsent(name, h.getValue());
        }
      }
      Header location = response.getFirstHeader("Location");
      if (isRedirect(status) && location != null) {
        response.close();
        previous = current;
        current = resolveLocation(current, location.getValue());
        redirected = true;
        continue;
      }
      return new Fetch(response, request, current, redirected, linked);
    }
    throw new DownloadFailure(FailureReason.HUB_ERROR, "Too many redirects: " + firstHost + " redirected more than "
        + MAX_REDIRECTS + " times (last to " + UrlGuard.hostOf(current) + ")");
  }

  /** The first URL is checked as it is; a refused redirect fails the job (as BLOCKED) saying where it came from. */
  private void checkHop(URI from, URI to, HostSet hosts) {
    if (from == null) {
      guard.check(to, hosts);
      return;
    }
    try {
      guard.check(to, hosts);
    } catch (ApiException e) {
      throw new DownloadFailure(FailureReason.BLOCKED, UrlGuard.hostOf(from) + " redirected to a URL that may not be "
          + "fetched: " + e.getMessage());
    }
  }

  private static URI resolveLocation(URI base, String location) {
    try {
      return base.resolve(new URI(location.replace(" ", "%20")));
    } catch (Exception e) {
      throw ApiException.badRequest("The server redirected to an invalid URL");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  @PreDestroy
  void close() throws IOException {
    client.close();
  }

  /** An open answer: status, headers and body stream, and where the redirects ended. */
  public record Fetch(ClassicHttpResponse response, HttpUriRequestBase request, URI finalUrl, boolean redirected,
      Map<String, String> linkedHeaders) implements AutoCloseable {

    public int status() {
      return response.getCode();
    }

    public String header(String name) {
      Header h = response.getFirstHeader(name);
      return h == null ? null : h.getValue();
    }

    public InputStream body() throws IOException {
      return response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
    }

    public java.time.Duration retryAfter() {
      return RetryAfter.parse(header("Retry-After"));
    }

    /** Closes without draining the body, so an unwanted multi-GB answer is not read to its end. */
    @Override
    public void close() {
      request.abort();
      try {
        response.close();
      } catch (IOException ignored) {
        // the connection is discarded anyway
      }
    }
  }
}
