package io.sdnest.downloader;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Starting downloads through the API and waiting until they finish. */
public abstract class DownloadTestSupport {

  protected static final Path DATA = Path.of("target/test-data").toAbsolutePath().normalize();

  protected static String start(Object... keyValues) {
    Map<String, Object> body = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      body.put((String) keyValues[i], keyValues[i + 1]);
    }
    var response = given().contentType(ContentType.JSON).body(body).post("/downloader/v1/downloads");
    if (response.statusCode() != 202) {
      throw new AssertionError("POST /downloads answered " + response.statusCode() + ": " + response.asString());
    }
    return response.path("id");
  }

  /** Polls until the job is DONE, FAILED or CANCELLED. */
  protected static JsonPath finished(String id) {
    while (true) {
      JsonPath job = given().get("/downloader/v1/downloads/" + id).then().statusCode(200).extract().jsonPath();
      String state = job.getString("state");
      if (state.equals("DONE") || state.equals("FAILED") || state.equals("CANCELLED")) {
        return job;
      }
      sleep(20);
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected static byte[] read(String relative) {
    try {
      return Files.readAllBytes(DATA.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under the data directory whose name ends with .part. */
  protected static long partFiles() {
    try (var walk = Files.walk(DATA)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
