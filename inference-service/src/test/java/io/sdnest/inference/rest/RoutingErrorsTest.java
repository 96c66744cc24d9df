package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** FastAPI's routing errors: unknown route 404 and wrong method 405, with its {"detail"} body. */
@QuarkusTest
class RoutingErrorsTest {

  @Test
  void unknownRouteIs404NotFound() {
    given().get("/sdapi/v1/no-such-route").then().statusCode(404).body("detail", equalTo("Not Found"));
  }

  @Test
  void wrongMethodIs405MethodNotAllowed() {
    given().get("/sdapi/v1/txt2img").then().statusCode(405).body("detail", equalTo("Method Not Allowed"));
    given().delete("/sdapi/v1/options").then().statusCode(405).body("detail", equalTo("Method Not Allowed"));
  }
}
