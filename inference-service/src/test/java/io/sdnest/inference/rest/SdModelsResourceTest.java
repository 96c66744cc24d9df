package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SdModelsResourceTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void listsTheDemoPipelineWithA1111TitleAndShorthash() {
    given().get("/sdapi/v1/sd-models").then().statusCode(200)
        .body("model_name", hasItem("sdnest-demo"))
        .body("find { it.model_name == 'sdnest-demo' }.title", matchesPattern("sdnest-demo \\[[0-9a-f]{10}\\]"))
        .body("find { it.model_name == 'sdnest-demo' }.hash", matchesPattern("[0-9a-f]{10}"))
        .body("find { it.model_name == 'sdnest-demo' }.sha256", matchesPattern("[0-9a-f]{64}"))
        .body("find { it.model_name == 'sdnest-demo' }.config", nullValue());
  }

  @Test
  void refreshCheckpointsAnswersNull() {
    given().post("/sdapi/v1/refresh-checkpoints").then().statusCode(200).body(equalTo("null"));
  }

  @Test
  void readinessSaysAModelCanServe() {
    given().get(management + "health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'model' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'model' }.data.execution-provider-requested", equalTo("cpu"));
  }
}
