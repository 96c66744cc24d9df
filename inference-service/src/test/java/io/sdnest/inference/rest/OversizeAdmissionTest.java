package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** sdnest.inference.max-oversize: one image costing more than that many UNet budgets is refused at admission. */
@QuarkusTest
@TestProfile(OversizeAdmissionTest.TwoBudgets.class)
class OversizeAdmissionTest {

  /** 2 rows at 512x512, one image up to twice that: a guided 512x512 image or an unguided 1024x1024 one. */
  public static class TwoBudgets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.max-batch", "2", "sdnest.inference.max-oversize", "2");
    }
  }

  @TestHTTPResource(value = "/", management = true)
  URL management;

  private static io.restassured.response.ValidatableResponse txt2img(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then();
  }

  private double tooLarge() {
    String text = given().get(management + "metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^sdnest_inference_jobs_rejected_total\\{reason=\"too_large\"\\} (\\S+)$")
        .matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void anImageBeyondTheBudgetTimesTheFactorIs400AndCountedTooLarge() {
    double before = tooLarge();
    txt2img("{\"width\":1024,\"height\":1024,\"steps\":1}").statusCode(400)
        .body("detail", containsString("1024x1024")).body("detail", containsString("max-oversize"));
    txt2img("{\"width\":512,\"height\":512,\"steps\":1,\"enable_hr\":true,\"hr_scale\":2,\"denoising_strength\":0.5}")
        .statusCode(400).body("detail", containsString("hires"));
    assertThat(tooLarge()).isEqualTo(before + 2);
    txt2img("{\"width\":1024,\"height\":1024,\"steps\":1,\"cfg_scale\":1}").statusCode(200);
  }
}
