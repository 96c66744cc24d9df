package io.sdnest.inference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.sdnest.common.error.ApiException;
import io.sdnest.inference.config.InferenceConfig;

/** Image URLs: fetched only when enabled, never from non-public addresses, within the size limit. */
class ImageUrlFetcherTest {

  private static final byte[] BODY = "not really a png but bytes".getBytes();

  HttpServer server;
  String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/image.png", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    server.createContext("/redirect", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  record Config(boolean enabled, long maxBytes, Duration timeout, boolean allowHttp, boolean allowPrivateAddresses)
      implements InferenceConfig.ImageUrls {
  }

  private static ImageUrlFetcher fetcher(boolean enabled, long maxBytes, boolean allowHttp, boolean allowPrivate) {
    return new ImageUrlFetcher(new Config(enabled, maxBytes, Duration.ofSeconds(10), allowHttp, allowPrivate));
  }

  private static String detail(Runnable r) {
    try {
      r.run();
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e.body().detail();
    }
    throw new AssertionError("no ApiException");
  }

  @Test
  void fetchesFromALocalServerWhenPrivateAddressesAreAllowed() {
    assertThat(fetcher(true, 1000, true, true).fetch("mask", base + "/image.png")).isEqualTo(BODY);
  }

  @Test
  void disabledIsA400SayingSo() {
    assertThat(detail(() -> fetcher(false, 1000, true, true).fetch("mask", base + "/image.png")))
        .startsWith("Requests not allowed").contains("image-urls.enabled");
  }

  @Test
  void loopbackIsRefusedByDefault() {
    assertThat(detail(() -> fetcher(true, 1000, true, false).fetch("init_images", base + "/image.png")))
        .startsWith("Request to local resource not allowed").contains("loopback");
  }

  @Test
  void aHostNameResolvingToLoopbackIsRefused() {
    String url = "http://localhost:" + server.getAddress().getPort() + "/image.png";
    assertThat(detail(() -> fetcher(true, 1000, true, false).fetch("image", url)))
        .startsWith("Request to local resource not allowed");
  }

  @Test
  void metadataAndPrivateAddressesAreRefused() {
    ImageUrlFetcher f = fetcher(true, 1000, true, false);
    for (String host : new String[] {"169.254.169.254", "10.0.0.1", "192.168.1.1", "100.64.0.1", "[::1]",
        "[::ffff:127.0.0.1]", "[fd00::1]", "0.0.0.0"}) {
      assertThat(detail(() -> f.fetch("image", "http://" + host + "/x.png")))
          .as(host).startsWith("Request to local resource not allowed");
    }
  }

  @Test
  void plainHttpNeedsTheTestOnlyKey() {
    assertThat(detail(() -> fetcher(true, 1000, false, true).fetch("image", base + "/image.png")))
        .contains("must be an https URL");
  }

  @Test
  void largerThanTheLimitIsRefused() {
    assertThat(detail(() -> fetcher(true, BODY.length - 1, true, true).fetch("image", base + "/image.png")))
        .contains("larger than");
  }

  @Test
  void redirectsAreNotFollowed() {
    assertThat(detail(() -> fetcher(true, 1000, true, true).fetch("image", base + "/redirect")))
        .startsWith("Invalid image url").contains("302");
  }

  @Test
  void recognisesUrls() {
    assertThat(ImageUrlFetcher.isUrl(" https://example.com/a.png")).isTrue();
    assertThat(ImageUrlFetcher.isUrl("data:image/png;base64,AAAA")).isFalse();
    assertThat(ImageUrlFetcher.isUrl("iVBORw0KGgo")).isFalse();
  }
}
