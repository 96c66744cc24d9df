package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** png-info reads back what txt2img wrote, and refuses what is not an image. */
@QuarkusTest
class PngInfoResourceTest {

  @Test
  void aTxt2imgPngRoundTripsItsSeedStepsSamplerAndSize() {
    String image = given().contentType(ContentType.JSON)
        .body("{\"prompt\":\"a blue house\",\"negative_prompt\":\"fog\",\"seed\":4242,\"steps\":4,"
            + "\"sampler_name\":\"Euler a\",\"width\":64,\"height\":72}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath().getString("images[0]");
    given().contentType(ContentType.JSON).body("{\"image\":\"data:image/png;base64," + image + "\"}")
        .post("/sdapi/v1/png-info").then().statusCode(200)
        .body("info", startsWith("a blue house\nNegative prompt: fog\nSteps: 4, Sampler: Euler a,"))
        .body("parameters.Seed", equalTo("4242"))
        .body("parameters.Steps", equalTo("4"))
        .body("parameters.Sampler", equalTo("Euler a"))
        .body("parameters.Size-1", equalTo("64"))
        .body("parameters.Size-2", equalTo("72"))
        .body("parameters.Prompt", equalTo("a blue house"))
        .body("parameters.'Negative prompt'", equalTo("fog"))
        .body("parameters.'Clip skip'", equalTo("1"))
        .body("parameters.RNG", equalTo("GPU"));
  }

  @Test
  void anImageWithoutInfotextGivesEmptyInfoAndTheDefaults() throws Exception {
    given().contentType(ContentType.JSON).body("{\"image\":\"" + GenerationResourceTest.pngBase64(8, 8) + "\"}")
        .post("/sdapi/v1/png-info").then().statusCode(200)
        .body("info", equalTo(""))
        .body("parameters.'Schedule type'", equalTo("Automatic"));
  }

  @Test
  void base64ThatIsNotAnImageIs400InvalidEncodedImage() {
    given().contentType(ContentType.JSON).body("{\"image\":\"aGVsbG8gd29ybGQ=\"}")
        .post("/sdapi/v1/png-info").then().statusCode(400).body("detail", equalTo("Invalid encoded image"));
  }

  @Test
  void missingImageIs422NamingIt() {
    given().contentType(ContentType.JSON).body("{}")
        .post("/sdapi/v1/png-info").then().statusCode(422).body("detail[0].loc", contains("body", "image"));
  }
}
