package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Without any model: generation is 503 with a message saying what to do; the lists still answer. */
@QuarkusTest
@TestProfile(NoModelTest.Empty.class)
class NoModelTest {

  public static class Empty implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.data-dir", "target/test-data-no-model",
          "sdnest.inference.generate-demo-model", "false");
    }
  }

  @Test
  void txt2imgIs503SayingNoModelIsLoadable() {
    given().contentType(ContentType.JSON).body("{\"steps\":2,\"width\":64,\"height\":64}").post("/sdapi/v1/txt2img")
        .then().statusCode(503).body("detail", containsString("No loadable model"))
        .body("error", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void optionsAndModelListsStillAnswer() {
    given().get("/sdapi/v1/options").then().statusCode(200).body("sd_model_checkpoint", nullValue());
    given().get("/sdapi/v1/sd-models").then().statusCode(200).body("size()", equalTo(0));
  }
}
