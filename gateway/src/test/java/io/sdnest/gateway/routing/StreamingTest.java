package io.sdnest.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.gateway.stub.PatternStream;
import io.sdnest.gateway.stub.StubUpstreams;

/**
 * Bodies larger than this JVM's heap (surefire runs the gateway tests with -Xmx256m) pass through the
 * gateway both ways, byte for byte: only streaming with back-pressure can do that.
 */
@QuarkusTest
@WithTestResource(StubUpstreams.class)
class StreamingTest {

  static final long SIZE = 512L * 1024 * 1024;

  @TestHTTPResource("/")
  URL gateway;

  @Test
  void heapIsSmallerThanTheBody() {
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(SIZE);
  }

  @Test
  void uploadLargerThanTheHeapArrivesIntact() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "downloader/v1/uploads/big.safetensors"))
        .header("Authorization", LimitsTest.basic("admin", AuthAndRolesTest.ADMIN_PASSWORD))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> PatternStream.inputStream(SIZE)), SIZE))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonPath echo = new JsonPath(response.body());
    assertThat(echo.getLong("bytes")).isEqualTo(SIZE);
    assertThat(echo.getString("sha256")).isEqualTo(PatternStream.sha256(SIZE));
  }

  @Test
  void downloadLargerThanTheHeapArrivesIntact() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "downloader/v1/download/" + SIZE))
        .header("Authorization", LimitsTest.basic("admin", AuthAndRolesTest.ADMIN_PASSWORD))
        .GET().build();
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (InputStream body = response.body()) {
      byte[] chunk = new byte[64 * 1024];
      int n;
      while ((n = body.read(chunk)) > 0) {
        sha.update(chunk, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(SIZE);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(PatternStream.sha256(SIZE));
  }
}
