package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With image URLs enabled (and the test-only keys for a plain-http loopback server), init_images, mask and extras
 * images are fetched; with an internal token configured, cmd-flags still shows no secret.
 */
@QuarkusTest
@TestProfile(ImageUrlsEnabledTest.Enabled.class)
class ImageUrlsEnabledTest {

  static final String TOKEN = "internal-t0ken-that-must-never-leak";

  public static class Enabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.image-urls.enabled", "true",
          "sdnest.inference.image-urls.allow-http", "true",
          "sdnest.inference.image-urls.allow-private-addresses", "true",
          "sdnest.internal-token", TOKEN,
          "sdnest.require-internal-token", "false");
    }
  }

  HttpServer server;
  String base;

  @BeforeEach
  void serveImages() throws IOException {
    byte[] png = Base64.getDecoder().decode(GenerationResourceTest.pngBase64(64, 64));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/init.png", exchange -> {
      exchange.sendResponseHeaders(200, png.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(png);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void img2imgFetchesInitImageAndMaskFromUrls() {
    given().contentType(ContentType.JSON).body("{\"init_images\":[\"" + base + "/init.png\"],\"mask\":\"" + base
        + "/init.png\",\"seed\":1,\"steps\":2,\"width\":64,\"height\":64}").post("/sdapi/v1/img2img").then()
        .statusCode(200).body("images.size()", equalTo(1));
  }

  @Test
  void extrasFetchTheImageFromAUrl() {
    given().contentType(ContentType.JSON).body("{\"image\":\"" + base + "/init.png\",\"upscaler_1\":\"Nearest\"}")
        .post("/sdapi/v1/extra-single-image").then().statusCode(200)
        .body("html_info", equalTo("<p>Postprocess upscale by: 2, Postprocess upscaler: Nearest</p>"));
  }

  @Test
  void aUrlThatIsNotAnImageIs400() {
    given().contentType(ContentType.JSON).body("{\"image\":\"" + base + "/missing.png\"}")
        .post("/sdapi/v1/extra-single-image").then().statusCode(400)
        .body("detail", org.hamcrest.Matchers.startsWith("Invalid image url"));
  }

  @Test
  void cmdFlagsNeverContainTheInternalToken() {
    String body = given().get("/sdapi/v1/cmd-flags").then().statusCode(200).extract().asString();
    assertThat(body).doesNotContain(TOKEN).contains("\"api_auth\":null");
  }
}
