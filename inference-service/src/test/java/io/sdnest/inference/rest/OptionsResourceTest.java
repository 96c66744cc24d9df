package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** GET/POST options: every key of the reference table with A1111's types, model switching, refusals. */
@QuarkusTest
class OptionsResourceTest {

  private static Map<String, Object> options() {
    return given().get("/sdapi/v1/options").then().statusCode(200).extract().jsonPath().getMap("$");
  }

  @Test
  void getHasEveryKeyOfTheReferenceTableWithA1111Types() throws IOException {
    List<String> keys = Files.readAllLines(Path.of("src/main/resources/a1111-options-defaults.tsv")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")[0]).toList();
    Map<String, Object> options = options();
    assertThat(options.keySet()).containsAll(keys);
    given().get("/sdapi/v1/options").then()
        .body("jpeg_quality", equalTo(80.0f))
        .body("CLIP_stop_at_last_layers", equalTo(1.0f))
        .body("eta_noise_seed_delta", equalTo(0))
        .body("samples_format", equalTo("png"))
        .body("send_seed", equalTo(true))
        .body("sd_vae", equalTo("Automatic"))
        .body("face_restoration_model", equalTo("CodeFormer"))
        .body("sd_model_checkpoint", matchesPattern(".+ \\[[0-9a-f]{10}\\]"))
        .body("sd_checkpoint_hash", matchesPattern("[0-9a-f]{64}"));
  }

  @Test
  void postSetsValuesAnswersNullAndGetReadsThemBack() {
    given().contentType(ContentType.JSON).body("{\"jpeg_quality\": 90, \"api_useragent\": \"x\"}")
        .post("/sdapi/v1/options").then().statusCode(200).body(equalTo("null"));
    given().get("/sdapi/v1/options").then().body("jpeg_quality", equalTo(90)).body("api_useragent", equalTo(""));
    given().contentType(ContentType.JSON).body("{\"jpeg_quality\": 80.0}").post("/sdapi/v1/options").then()
        .statusCode(200);
  }

  @Test
  void switchingByHashAndByTitleSelectsTheModel() {
    Map<String, Object> demo = given().get("/sdapi/v1/sd-models").then().extract().jsonPath()
        .getMap("find { it.model_name == 'sdnest-demo' }");
    given().contentType(ContentType.JSON).body(Map.of("sd_model_checkpoint", demo.get("hash")))
        .post("/sdapi/v1/options").then().statusCode(200);
    assertThat(options().get("sd_model_checkpoint")).isEqualTo(demo.get("title"));
    given().contentType(ContentType.JSON).body(Map.of("sd_model_checkpoint", demo.get("title")))
        .post("/sdapi/v1/options").then().statusCode(200);
    assertThat(options().get("sd_checkpoint_hash")).isEqualTo(demo.get("sha256"));
  }

  @Test
  void unknownKeyIs400NamingIt() {
    given().contentType(ContentType.JSON).body("{\"no_such_option\": 1}").post("/sdapi/v1/options").then()
        .statusCode(400).body("detail", containsString("no_such_option"));
  }

  @Test
  void unknownModelIs400NamingIt() {
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\": \"nope.safetensors\"}")
        .post("/sdapi/v1/options").then().statusCode(400).body("detail", containsString("nope.safetensors"));
  }

  @Test
  void wrongValueTypeIs400NamingTheOption() {
    given().contentType(ContentType.JSON).body("{\"send_seed\": \"yes\"}").post("/sdapi/v1/options").then()
        .statusCode(400).body("detail", containsString("send_seed"));
  }
}
