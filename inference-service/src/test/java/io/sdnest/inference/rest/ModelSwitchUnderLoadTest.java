package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** Switching and unloading the model while requests run: every request is answered, each on one whole model. */
@QuarkusTest
class ModelSwitchUnderLoadTest {

  @Inject
  ModelRegistry registry;

  Path second;

  @BeforeEach
  void addSecondModel() throws IOException {
    second = registry.checkpointsDir().resolve("zz-switch");
    new DemoPipelineGenerator().write(second, DemoVariant.standard());
    registry.rescan();
  }

  @AfterEach
  void removeSecondModel() throws IOException {
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"sdnest-demo\"}").post("/sdapi/v1/options")
        .then().statusCode(200);
    try (Stream<Path> files = Files.walk(second)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    registry.rescan();
  }

  @Test
  void switchesAndUnloadsDuringLoadLoseNoRequest() throws Exception {
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String body = "{\"prompt\":\"red\",\"seed\":" + i + ",\"steps\":" + (10 + 5 * i) + ",\"width\":64,\"height\":64}";
      runs.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body)
          .post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath().getString("info")));
    }
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"zz-switch\"}").post("/sdapi/v1/options")
        .then().statusCode(200);
    given().post("/sdapi/v1/unload-checkpoint").then().statusCode(200);
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"sdnest-demo\"}").post("/sdapi/v1/options")
        .then().statusCode(200);
    for (var run : runs) {
      assertThat(run.get()).containsAnyOf("\"sd_model_name\": \"sdnest-demo\"", "\"sd_model_name\": \"zz-switch\"");
    }
  }
}
