package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.sdnest.downloader.testing.Blob;
import io.sdnest.downloader.testing.FakeHubs;
import io.sdnest.downloader.testing.Safetensors;

@QuarkusTest
@TestProfile(UploadLimitsTest.TightLimits.class)
@WithTestResource(FakeHubs.class)
class UploadLimitsTest extends DownloadTestSupport {

  /** Small per-type caps; a maximum upload size above any test machine's free space, so that 507 can be reached. */
  public static class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sdnest.downloader.limits.max-upload-size", "1E",
          "sdnest.downloader.limits.max-file-size.lora", "64K",
          "sdnest.downloader.limits.max-preview-size", "8K",
          "sdnest.downloader.limits.max-safetensors-header", "1K");
    }
  }

  private static final long EXBIBYTE = 1L << 60;

  private record Answer(int status, JsonNode body) {
  }

  /**
   * Sends the headers and the first 4 KiB of a multipart upload whose Content-Length declares {@code declared} bytes,
   * and waits for the answer: one that arrives proves the upload was refused from its headers.
   */
  private static Answer headersOnly(String query, long declared) throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(60_000);
      String head = "POST /downloader/v1/uploads" + query + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: " + declared + "\r\n\r\n"
          + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.safetensors\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[4096]);
      out.flush();
      InputStream in = socket.getInputStream();
      String headers = readHeaders(in);
      int status = Integer.parseInt(headers.split(" ", 3)[1]);
      int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
          .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
      byte[] body = in.readNBytes(length);
      return new Answer(status, length == 0 ? null : new ObjectMapper().readTree(body));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer while the body was still owed: the upload was not refused from its headers");
    }
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the answer's headers: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static List<Path> filesUnder(String relative) {
    Path dir = DATA.resolve(relative);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theHttpBodyLimitIsTheMaximumUploadSize() {
    assertThat(ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue())
        .isEqualTo(EXBIBYTE);
  }

  @Test
  void anUploadDeclaredLargerThanTheMaximumIsRefusedWithJsonBeforeItsBody() throws IOException {
    Answer answer = headersOnly("", 2 * EXBIBYTE);
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body().path("error").asText()).isEqualTo("PayloadTooLarge");
    assertThat(answer.body().path("detail").asText()).contains(String.valueOf(EXBIBYTE));
    assertThat(filesUnder("state/uploads")).isEmpty();
    assertThat(filesUnder("models")).isEmpty();
  }

  @Test
  void anUploadTheVolumeCannotHoldIsRefusedBeforeItsBody() throws IOException {
    Answer answer = headersOnly("", 1L << 50);
    assertThat(answer.status()).isEqualTo(507);
    assertThat(answer.body().path("detail").asText()).contains("free space");
    assertThat(filesUnder("state/uploads")).isEmpty();
  }

  @Test
  void anUploadLargerThanTheTypeNamedInTheQueryAllowsIsRefusedBeforeItsBody() throws IOException {
    Answer lora = headersOnly("?type=LORA", 65 * 1024);
    assertThat(lora.status()).isEqualTo(413);
    assertThat(lora.body().path("detail").asText()).contains("LORA");
    Answer preview = headersOnly("?type=LORA&kind=PREVIEW", 9 * 1024);
    assertThat(preview.status()).isEqualTo(413);
    assertThat(preview.body().path("detail").asText()).contains("preview");
    assertThat(filesUnder("state/uploads")).isEmpty();
    assertThat(filesUnder("models")).isEmpty();
  }

  @Test
  void anOverCapPreviewNamedOnlyInTheFormIsRefusedOnceReadAndLeavesNothing() {
    byte[] png = Blob.random(10 * 1024, 51).data;
    given().multiPart("file", "cover.png", png, "image/png").multiPart("type", "LORA").multiPart("kind", "PREVIEW")
        .multiPart("name", "style").post("/downloader/v1/uploads").then().statusCode(413)
        .body("error", equalTo("PayloadTooLarge")).body("detail", containsString("preview"));
    byte[] lora = Blob.random(100 * 1024, 52).data;
    given().multiPart("file", "big.safetensors", lora, "application/octet-stream").multiPart("type", "LORA")
        .post("/downloader/v1/uploads").then().statusCode(413).body("detail", containsString("LORA"));
    assertThat(filesUnder("state/uploads")).isEmpty();
    assertThat(filesUnder("models")).isEmpty();
  }

  @Test
  void anUnknownTypeOrKindInTheQueryIsABadRequestBeforeTheBodyAndAnyCaseIsAccepted() throws IOException {
    Answer type = headersOnly("?type=bogus", 65 * 1024);
    assertThat(type.status()).isEqualTo(400);
    assertThat(type.body().path("detail").asText()).contains("LORA");
    Answer kind = headersOnly("?type=LORA&kind=cover", 1024);
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.body().path("detail").asText()).contains("PREVIEW");
    Answer lowerCase = headersOnly("?type=lora", 65 * 1024);
    assertThat(lowerCase.status()).as("lower case names the type: its maximum applies").isEqualTo(413);
    assertThat(filesUnder("state/uploads")).isEmpty();
  }

  @Test
  void aTypeInTheQueryThatContradictsTheFormIsRefused() {
    given().multiPart("file", "x.safetensors", new byte[] {1}, "application/octet-stream").multiPart("type", "VAE")
        .post("/downloader/v1/uploads?type=LORA").then().statusCode(400).body("detail", containsString("type"));
    assertThat(filesUnder("state/uploads")).isEmpty();
  }

  @Test
  void aSafetensorsHeaderAboveTheConfiguredCapIsNotRead() throws IOException {
    String metadata = IntStream.range(0, 8).mapToObj(i -> "\"key" + i + "\":\"" + "v".repeat(250) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
    given().multiPart("file", "long-header.safetensors", Safetensors.withMetadata(metadata), "application/octet-stream")
        .multiPart("type", "LORA").post("/downloader/v1/uploads").then().statusCode(201);
    given().get("/downloader/v1/models?type=LORA").then().statusCode(200)
        .body("find { it.name == 'long-header.safetensors' }.metadata.size()", equalTo(0));
    given().delete("/downloader/v1/models/LORA/long-header.safetensors").then().statusCode(204);
  }
}
