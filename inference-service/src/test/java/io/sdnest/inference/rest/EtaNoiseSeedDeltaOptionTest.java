package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The eta_noise_seed_delta option reaches the engine: as an override it shows up as ENSD in the infotext. */
@QuarkusTest
class EtaNoiseSeedDeltaOptionTest {

  @SuppressWarnings("unchecked")
  private static String infotext(String overrides) throws Exception {
    String body = "{\"prompt\":\"a car\",\"sampler_name\":\"Euler a\",\"width\":64,\"height\":64,\"steps\":2,"
        + "\"seed\":5,\"override_settings\":{" + overrides + "}}";
    String info = given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then().statusCode(200)
        .extract().jsonPath().getString("info");
    return (String) ((java.util.List<Object>) new ObjectMapper().readValue(info, Map.class).get("infotexts")).get(0);
  }

  @Test
  void anOverriddenDeltaIsAppliedAndNamedAsEnsd() throws Exception {
    assertThat(infotext("\"eta_noise_seed_delta\":31337")).contains(", ENSD: 31337");
    assertThat(infotext("")).doesNotContain("ENSD");
  }
}
