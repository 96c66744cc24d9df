package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Refresh, unload/reload and interrogate answer as A1111 does; a generation after an unload loads the model again. */
@QuarkusTest
class LifecycleResourceTest {

  @Test
  void unloadThenGenerateLoadsTheModelAgain() {
    given().post("/sdapi/v1/unload-checkpoint").then().statusCode(200).body(equalTo("{}"));
    given().contentType(ContentType.JSON).body("{\"seed\":1,\"width\":64,\"height\":64,\"steps\":2}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).body("info", containsString("\"all_seeds\": [1]"));
    given().post("/sdapi/v1/unload-checkpoint").then().statusCode(200);
    given().post("/sdapi/v1/reload-checkpoint").then().statusCode(200).body(equalTo("{}"));
  }

  @Test
  void refreshRoutesAnswerNull() {
    for (String route : new String[] {"refresh-vae", "refresh-loras", "refresh-embeddings"}) {
      given().post("/sdapi/v1/" + route).then().statusCode(200).body(equalTo("null"));
    }
  }

  @Test
  void interrogateIs404ModelNotFound() {
    given().contentType(ContentType.JSON).body("{\"image\":\"x\",\"model\":\"clip\"}").post("/sdapi/v1/interrogate")
        .then().statusCode(404).body("error", equalTo("HTTPException"))
        .body("detail", containsString("Model not found")).body("detail", containsString("clip"));
  }

  @Test
  void scriptAndEmbeddingListsAreEmptyInA1111Shape() {
    given().get("/sdapi/v1/embeddings").then().statusCode(200).body("loaded.size()", equalTo(0))
        .body("skipped.size()", equalTo(0));
    given().get("/sdapi/v1/scripts").then().statusCode(200).body("txt2img.size()", equalTo(0))
        .body("img2img.size()", equalTo(0));
    given().get("/sdapi/v1/script-info").then().statusCode(200).body("size()", equalTo(0));
    given().get("/sdapi/v1/extensions").then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void memoryReportsRamInA1111ShapeAndCudaUnavailable() {
    var memory = given().get("/sdapi/v1/memory").then().statusCode(200)
        .body("ram.keySet()", org.hamcrest.Matchers.containsInAnyOrder("free", "used", "total"))
        .body("cuda.error", equalTo("unavailable")).extract().jsonPath();
    org.assertj.core.api.Assertions.assertThat(memory.getLong("ram.total")).isPositive()
        .isGreaterThanOrEqualTo(memory.getLong("ram.used"));
    org.assertj.core.api.Assertions.assertThat(memory.getLong("jvm.heap_max")).isPositive();
  }
}
