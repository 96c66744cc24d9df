package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The list routes: field names and entries as a1111-api.md §1 and §5 give them. */
@QuarkusTest
class ListsResourceTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(String route) {
    return given().get("/sdapi/v1/" + route).then().statusCode(200).extract().jsonPath().getList("$");
  }

  @Test
  void samplersAreInA1111sOrderWithNameAliasesOptions() {
    List<Map<String, Object>> samplers = list("samplers");
    // a1111-api.md §5 order; sdnest implements a subset of it
    List<String> a1111 = List.of("DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 2S a",
        "DPM++ 3M SDE", "Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a", "DPM fast", "DPM adaptive", "Restart",
        "DDIM", "DDIM CFG++", "PLMS", "UniPC", "LCM");
    List<Object> names = samplers.stream().map(s -> s.get("name")).toList();
    assertThat(names).contains("Euler a", "Euler", "DPM++ 2M", "DDIM");
    assertThat(a1111).containsSubsequence(names.toArray(String[]::new));
    assertThat(samplers).allSatisfy(s -> assertThat(s).containsOnlyKeys("name", "aliases", "options"));
    assertThat(samplers.get(0).get("name")).isEqualTo("DPM++ 2M");
    given().get("/sdapi/v1/samplers").then()
        .body("find { it.name == 'Euler a' }.aliases", contains("k_euler_a", "k_euler_ancestral"))
        .body("find { it.name == 'DPM++ SDE' }.options.second_order", equalTo("True"))
        .body("find { it.name == 'DPM++ 2M' }.options.scheduler", equalTo("karras"));
  }

  @Test
  void schedulersHaveNameLabelAliasesRhoAndInnerModel() {
    List<Map<String, Object>> schedulers = list("schedulers");
    assertThat(schedulers).hasSize(12);
    assertThat(schedulers).allSatisfy(s -> assertThat(s)
        .containsOnlyKeys("name", "label", "aliases", "default_rho", "need_inner_model"));
    given().get("/sdapi/v1/schedulers").then()
        .body("[0].name", equalTo("automatic")).body("[0].label", equalTo("Automatic"))
        .body("[0].aliases", nullValue()).body("[0].default_rho", equalTo(-1.0f))
        .body("find { it.name == 'karras' }.default_rho", equalTo(7.0f))
        .body("find { it.name == 'sgm_uniform' }.aliases", contains("SGMUniform"))
        .body("find { it.name == 'uniform' }.need_inner_model", equalTo(true));
  }

  @Test
  void upscalersAreNoneLanczosNearest() {
    List<Map<String, Object>> upscalers = list("upscalers");
    assertThat(upscalers).extracting(u -> u.get("name")).containsExactly("None", "Lanczos", "Nearest");
    assertThat(upscalers).allSatisfy(u -> assertThat(u)
        .containsOnlyKeys("name", "model_name", "model_path", "model_url", "scale"));
  }

  @Test
  void latentUpscaleModesAreA1111sSix() {
    given().get("/sdapi/v1/latent-upscale-modes").then().statusCode(200)
        .body("name", contains("Latent", "Latent (antialiased)", "Latent (bicubic)", "Latent (bicubic antialiased)",
            "Latent (nearest)", "Latent (nearest-exact)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hypernetworks", "face-restorers", "realesrgan-models", "sd-vae"})
  void componentsSdnestLacksAreEmptyLists(String route) {
    given().get("/sdapi/v1/" + route).then().statusCode(200).body("$", empty()).body("$", hasSize(0));
  }
}
