package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.model.ModelRegistry;

/** override_settings.sd_model_checkpoint runs one request on another model and restores the serving one. */
@QuarkusTest
class ModelOverrideTest {

  @Inject
  ModelRegistry registry;

  Path second;

  @BeforeEach
  void addSecondModel() throws IOException {
    second = registry.checkpointsDir().resolve("zz-demo");
    new DemoPipelineGenerator().write(second, DemoVariant.standard());
    registry.rescan();
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"sdnest-demo\"}").post("/sdapi/v1/options")
        .then().statusCode(200);
  }

  @AfterEach
  void removeSecondModel() throws IOException {
    try (Stream<Path> files = Files.walk(second)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    registry.rescan();
  }

  @Test
  void overrideRunsOnTheNamedModelAndRestoresTheServingOne() {
    String info = given().contentType(ContentType.JSON)
        .body("{\"seed\":2,\"width\":64,\"height\":64,\"steps\":2,\"override_settings\":{\"sd_model_checkpoint\":\"zz-demo\"}}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath().getString("info");
    assertThat(info).contains("\"sd_model_name\": \"zz-demo\"");
    given().get("/sdapi/v1/options").then().body("sd_model_checkpoint", startsWith("sdnest-demo ["));
  }

  @Test
  void overrideWithoutRestoreKeepsTheNewModel() {
    given().contentType(ContentType.JSON)
        .body("{\"seed\":2,\"width\":64,\"height\":64,\"steps\":2,\"override_settings_restore_afterwards\":false,"
            + "\"override_settings\":{\"sd_model_checkpoint\":\"zz-demo\"}}")
        .post("/sdapi/v1/txt2img").then().statusCode(200);
    given().get("/sdapi/v1/options").then().body("sd_model_checkpoint", startsWith("zz-demo ["));
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"sdnest-demo\"}").post("/sdapi/v1/options")
        .then().statusCode(200);
  }

  @Test
  void unknownOverrideModelIs400NamingIt() {
    given().contentType(ContentType.JSON)
        .body("{\"width\":64,\"height\":64,\"steps\":2,\"override_settings\":{\"sd_model_checkpoint\":\"missing-model\"}}")
        .post("/sdapi/v1/txt2img").then().statusCode(400).body("detail", containsString("missing-model"));
  }
}
