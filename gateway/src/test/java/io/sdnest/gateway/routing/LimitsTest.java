package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sdnest.gateway.stub.StubUpstreams;

@QuarkusTest
@WithTestResource(StubUpstreams.class)
class LimitsTest {

  @TestHTTPResource("/")
  URL gateway;

  @Test
  void generationBodyOverTheRouteLimitIs413() {
    byte[] big = new byte[2 * 1024 * 1024]; // the test profile's limit is 1M
    as("alice").contentType("application/json").body(big).post("/sdapi/v1/img2img").then()
        .statusCode(413)
        .body("error", equalTo("HTTPException"))
        .body("detail", containsString("too large"));
  }

  @Test
  void uploadRouteTakesMoreThanTheGenerationLimit() {
    byte[] big = new byte[2 * 1024 * 1024];
    as("admin").contentType("application/octet-stream").body(big).post("/downloader/v1/uploads/x.safetensors").then()
        .statusCode(200)
        .body("bytes", equalTo(big.length));
  }

  @Test
  void chunkedBodyOverTheLimitIs413Too() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "sdapi/v1/img2img"))
        .header("Authorization", basic("alice", "Alice-Pa55"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[3 * 1024 * 1024])))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("too large");
  }

  @Test
  void tooManyGenerationsOfOneUserIs429WithRetryAfter() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        running.add(client.sendAsync(txt2img("alice", "Alice-Pa55"), HttpResponse.BodyHandlers.ofString()));
      }
      while (StubUpstreams.inferenceA().heldCount() + StubUpstreams.inferenceB().heldCount() < 2) {
        Thread.sleep(20);
      }
      as("alice").contentType("application/json").body("{}").post("/sdapi/v1/txt2img").then()
          .statusCode(429)
          .header("Retry-After", "5")
          .body("detail", containsString("Too many generations"));
      // Another user is not affected.
      CompletableFuture<HttpResponse<String>> admins = client.sendAsync(txt2img("admin", AuthAndRolesTest.ADMIN_PASSWORD),
          HttpResponse.BodyHandlers.ofString());
      while (StubUpstreams.inferenceA().heldCount() + StubUpstreams.inferenceB().heldCount() < 3) {
        Thread.sleep(20);
      }
      running.add(admins);
    } finally {
      StubUpstreams.inferenceA().releaseHeld();
      StubUpstreams.inferenceB().releaseHeld();
    }
    for (CompletableFuture<HttpResponse<String>> r : running) {
      assertThat(r.get().statusCode()).isEqualTo(200);
    }
    // The slots are free again once the responses ended.
    CompletableFuture<HttpResponse<String>> again = client.sendAsync(txt2img("alice", "Alice-Pa55"), HttpResponse.BodyHandlers.ofString());
    while (StubUpstreams.inferenceA().heldCount() + StubUpstreams.inferenceB().heldCount() < 1) {
      Thread.sleep(20);
    }
    StubUpstreams.inferenceA().releaseHeld();
    StubUpstreams.inferenceB().releaseHeld();
    assertThat(again.get().statusCode()).isEqualTo(200);
  }

  private HttpRequest txt2img(String user, String password) {
    return HttpRequest.newBuilder(URI.create(gateway + "sdapi/v1/txt2img"))
        .header("Authorization", basic(user, password))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a cat\"}"))
        .build();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }
}
