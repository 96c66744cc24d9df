package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.model.ModelRegistry;

/**
 * Replays what a typical A1111 Python client (the webuiapi package) sends, field for field: its txt2img with every
 * hires field, img2img with data-URL images and a mask, png-info with a data URL, the model switch through options,
 * and waiting for idle by polling progress.
 */
@QuarkusTest
class ClientCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  ModelRegistry registry;

  private static JsonPath post(String route, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/" + route).then().statusCode(200)
        .extract().jsonPath();
  }

  /** webuiapi's txt2img payload with its defaults, at a small size. */
  private static Map<String, Object> txt2imgPayload() {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("enable_hr", true);
    p.put("hr_scale", 2);
    p.put("hr_upscaler", "Latent");
    p.put("hr_second_pass_steps", 0);
    p.put("hr_resize_x", 0);
    p.put("hr_resize_y", 0);
    p.put("hr_checkpoint_name", null);
    p.put("hr_sampler_name", null);
    p.put("hr_scheduler", null);
    p.put("hr_prompt", "");
    p.put("hr_negative_prompt", "");
    p.put("denoising_strength", 0.7);
    p.put("firstphase_width", 0);
    p.put("firstphase_height", 0);
    p.put("prompt", "a lighthouse at dusk");
    p.put("styles", List.of());
    p.put("seed", 321);
    p.put("subseed", -1);
    p.put("subseed_strength", 0.0);
    p.put("seed_resize_from_h", 0);
    p.put("seed_resize_from_w", 0);
    p.put("sampler_name", "Euler a");
    p.put("scheduler", "automatic");
    p.put("batch_size", 1);
    p.put("n_iter", 1);
    p.put("steps", 2);
    p.put("cfg_scale", 7.0);
    p.put("width", 64);
    p.put("height", 64);
    p.put("restore_faces", false);
    p.put("tiling", false);
    p.put("do_not_save_samples", false);
    p.put("do_not_save_grid", false);
    p.put("negative_prompt", "");
    p.put("eta", 1.0);
    p.put("s_churn", 0);
    p.put("s_tmax", 0);
    p.put("s_tmin", 0);
    p.put("s_noise", 1);
    p.put("override_settings", Map.of());
    p.put("override_settings_restore_afterwards", true);
    p.put("script_args", List.of());
    p.put("sampler_index", "Euler a");
    p.put("script_name", null);
    p.put("send_images", true);
    p.put("save_images", false);
    p.put("alwayson_scripts", Map.of());
    return p;
  }

  private static void waitForIdle() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonPath progress = given().get("/sdapi/v1/progress?skip_current_image=true").then().statusCode(200).extract()
          .jsonPath();
      if (progress.getDouble("progress") == 0.0 && progress.getInt("state.job_count") == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server never became idle");
  }

  @Test
  void txt2imgWithEveryHiresFieldThenPngInfoOfTheResult() throws Exception {
    waitForIdle();
    JsonPath r = post("txt2img", txt2imgPayload());
    waitForIdle();
    List<String> images = r.getList("images");
    assertThat(images).hasSize(1);
    Map<?, ?> info = JSON.readValue(r.getString("info"), Map.class);
    assertThat(info.get("seed")).isEqualTo(321);
    JsonPath pngInfo = post("png-info", Map.of("image", "data:image/png;base64," + images.get(0)));
    assertThat(pngInfo.getString("parameters.Seed")).isEqualTo("321");
    assertThat(pngInfo.getString("parameters.Size-1")).isEqualTo("64");
    assertThat(pngInfo.getString("parameters.'Hires upscaler'")).isEqualTo("Latent");
    assertThat(pngInfo.getString("parameters.Prompt")).isEqualTo("a lighthouse at dusk");
  }

  @Test
  void img2imgWithDataUrlImagesAndAMask() throws IOException {
    String init = GenerationResourceTest.pngBase64(64, 64);
    Map<String, Object> p = new java.util.LinkedHashMap<>(txt2imgPayload());
    List.of("enable_hr", "hr_scale", "hr_upscaler", "hr_second_pass_steps", "hr_resize_x", "hr_resize_y",
        "hr_checkpoint_name", "hr_sampler_name", "hr_scheduler", "hr_prompt", "hr_negative_prompt",
        "firstphase_width", "firstphase_height").forEach(p::remove);
    p.put("init_images", List.of("data:image/png;base64," + init));
    p.put("mask", "data:image/png;base64," + GenerationResourceTest.pngBase64(64, 64));
    p.put("mask_blur", 4);
    p.put("inpainting_fill", 0);
    p.put("inpaint_full_res", true);
    p.put("inpaint_full_res_padding", 0);
    p.put("inpainting_mask_invert", 0);
    p.put("initial_noise_multiplier", 1);
    p.put("resize_mode", 0);
    p.put("denoising_strength", 0.75);
    p.put("image_cfg_scale", 1.5);
    p.put("include_init_images", false);
    JsonPath r = post("img2img", p);
    assertThat(r.getList("images")).hasSize(1);
    assertThat(r.getString("parameters.init_images")).isNull();
    assertThat(JSON.readValue(r.getString("info"), Map.class).get("denoising_strength")).isEqualTo(0.75);
  }

  @Test
  void switchingTheModelThroughOptionsAndReadingItBack() throws IOException {
    Path second = registry.checkpointsDir().resolve("zz-client");
    new DemoPipelineGenerator().write(second, DemoVariant.standard());
    try {
      given().post("/sdapi/v1/refresh-checkpoints").then().statusCode(200);
      List<Map<String, Object>> models = given().get("/sdapi/v1/sd-models").then().statusCode(200).extract()
          .jsonPath().getList("$");
      String title = models.stream().map(m -> (String) m.get("title")).filter(t -> t.startsWith("zz-client"))
          .findFirst().orElseThrow();
      String sha256 = models.stream().filter(m -> title.equals(m.get("title"))).map(m -> (String) m.get("sha256"))
          .findFirst().orElseThrow();
      given().contentType(ContentType.JSON).body(Map.of("sd_model_checkpoint", title)).post("/sdapi/v1/options")
          .then().statusCode(200).body(org.hamcrest.Matchers.equalTo("null"));
      JsonPath options = given().get("/sdapi/v1/options").then().statusCode(200).extract().jsonPath();
      assertThat(options.getString("sd_model_checkpoint")).isEqualTo(title);
      assertThat(options.getString("sd_checkpoint_hash")).isEqualTo(sha256);
    } finally {
      given().contentType(ContentType.JSON).body(Map.of("sd_model_checkpoint", "sdnest-demo"))
          .post("/sdapi/v1/options").then().statusCode(200);
      try (Stream<Path> files = Files.walk(second)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      registry.rescan();
    }
  }
}
