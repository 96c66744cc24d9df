package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Sampler aliases (k_euler_a) and legacy combined names ("DPM++ 2M Karras") are accepted, unlike A1111 v1.10. */
@QuarkusTest
class SamplerNamesTest {

  private static Map<?, ?> info(String sampler) throws Exception {
    String info = given().contentType(ContentType.JSON).body("{\"sampler_name\":\"" + sampler + "\",\"seed\":1,"
        + "\"steps\":2,\"width\":64,\"height\":64}").post("/sdapi/v1/txt2img").then().statusCode(200).extract()
        .jsonPath().getString("info");
    return new ObjectMapper().readValue(info, Map.class);
  }

  @Test
  void anAliasSelectsItsSampler() throws Exception {
    assertThat(info("k_euler_a").get("sampler_name")).isEqualTo("Euler a");
  }

  @Test
  void aLegacyCombinedNameSetsSamplerAndScheduleType() throws Exception {
    Map<?, ?> info = info("DPM++ 2M Karras");
    assertThat(info.get("sampler_name")).isEqualTo("DPM++ 2M");
    assertThat(((Map<?, ?>) info.get("extra_generation_params")).get("Schedule type")).isEqualTo("Karras");
  }
}
