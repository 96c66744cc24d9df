package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

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
 * Replays what a typical A1111 Python client sends, field for field: the {@code webuiapi} package (repository
 * mix1009/sdwebuiapi, file webuiapi/webuiapi.py; the version whose constructor defaults are sampler "Euler a", scheduler
 * "automatic", steps 20). Its constructor lists scripts; {@code txt2img} and {@code img2img} send every field below with
 * these default values (steps, size, seed and prompt are what a caller passes); images go in as
 * {@code data:image/png;base64,} URLs of PNGs that keep their text chunks, a mask only when one is given;
 * {@code png_info} sends a data URL and reads {@code info} as JSON when it parses, else as text; {@code util_set_model}
 * lower-cases the name, matches it against the sorted {@code sd-models} titles and posts {@code sd_model_checkpoint};
 * {@code util_get_current_model} reads it back from {@code options}; {@code util_wait_for_ready} polls a bare
 * {@code progress} until progress is 0.0 and {@code state.job_count} is 0.
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

  /** webuiapi's txt2img payload in its order, with the hires fix on and a small, fast image. */
  private static Map<String, Object> txt2imgPayload() {
    Map<String, Object> p = new LinkedHashMap<>();
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
    p.put("sampler_name", "Euler a");
    p.put("scheduler", "automatic");
    p.put("sampler_index", "Euler a");
    p.put("script_name", null);
    p.put("script_args", List.of());
    p.put("send_images", true);
    p.put("save_images", false);
    p.put("alwayson_scripts", Map.of());
    return p;
  }

  /** webuiapi's img2img payload in its order (its subseed_strength default is the integer 0 here). */
  private static Map<String, Object> img2imgPayload(List<String> initImages, String mask) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("init_images", initImages);
    p.put("resize_mode", 0);
    p.put("denoising_strength", 0.75);
    p.put("mask_blur", 4);
    p.put("inpainting_fill", 0);
    p.put("inpaint_full_res", true);
    p.put("inpaint_full_res_padding", 0);
    p.put("inpainting_mask_invert", 0);
    p.put("initial_noise_multiplier", 1);
    p.put("prompt", "the lighthouse at night");
    p.put("styles", List.of());
    p.put("seed", 654);
    p.put("subseed", -1);
    p.put("subseed_strength", 0);
    p.put("seed_resize_from_h", 0);
    p.put("seed_resize_from_w", 0);
    p.put("batch_size", 1);
    p.put("n_iter", 1);
    p.put("steps", 2);
    p.put("cfg_scale", 7.0);
    p.put("image_cfg_scale", 1.5);
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
    p.put("sampler_name", "Euler a");
    p.put("scheduler", "automatic");
    p.put("sampler_index", "Euler a");
    p.put("include_init_images", false);
    p.put("script_name", null);
    p.put("script_args", List.of());
    p.put("send_images", true);
    p.put("save_images", false);
    p.put("alwayson_scripts", Map.of());
    if (mask != null) {
      p.put("mask", mask);
    }
    return p;
  }

  private static String dataUrl(String base64Png) {
    return "data:image/png;base64," + base64Png;
  }

  /** webuiapi's util_wait_for_ready: a bare progress call, polled until nothing runs or waits. */
  private static void waitForReady() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonPath progress = given().get("/sdapi/v1/progress").then().statusCode(200).extract().jsonPath();
      if (progress.getDouble("progress") == 0.0 && progress.getInt("state.job_count") == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server never became idle");
  }

  @Test
  void theClientsConstructorFindsTheTxt2imgScriptList() {
    List<String> scripts = given().get("/sdapi/v1/scripts").then().statusCode(200).extract().jsonPath()
        .getList("txt2img");
    assertThat(scripts).isNotNull().doesNotContain("controlnet m2m", "adetailer", "animatediff");
  }

  @Test
  void txt2imgWithEveryHiresFieldThenPngInfoAndImg2imgOfTheResult() throws Exception {
    waitForReady();
    JsonPath r = post("txt2img", txt2imgPayload());
    waitForReady();
    List<String> images = r.getList("images");
    assertThat(images).hasSize(1);
    byte[] png = Base64.getDecoder().decode(images.get(0));
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(128);
    Map<?, ?> info = JSON.readValue(r.getString("info"), Map.class);
    assertThat(info.get("seed")).isEqualTo(321);
    assertThat(r.getMap("parameters")).containsEntry("hr_upscaler", "Latent").containsEntry("scheduler", "automatic");

    JsonPath pngInfo = post("png-info", Map.of("image", dataUrl(images.get(0))));
    assertThat(pngInfo.getString("info")).startsWith("a lighthouse at dusk\nSteps: 2,");
    assertThat(pngInfo.getString("parameters.Seed")).isEqualTo("321");
    assertThat(pngInfo.getString("parameters.Size-1")).isEqualTo("64");
    assertThat(pngInfo.getString("parameters.'Hires upscaler'")).isEqualTo("Latent");
    assertThat(pngInfo.getString("parameters.Prompt")).isEqualTo("a lighthouse at dusk");

    // the client re-encodes the image it got, text chunks kept, and sends it back as a data URL with a mask
    JsonPath i2i = post("img2img", img2imgPayload(List.of(dataUrl(images.get(0))),
        dataUrl(GenerationResourceTest.pngBase64(128, 128))));
    waitForReady();
    assertThat(i2i.getList("images")).hasSize(1);
    assertThat(i2i.getString("parameters.init_images")).isNull();
    Map<?, ?> i2iInfo = JSON.readValue(i2i.getString("info"), Map.class);
    assertThat(i2iInfo.get("denoising_strength")).isEqualTo(0.75);
    assertThat(i2iInfo.get("seed")).isEqualTo(654);
  }

  @Test
  void img2imgWithDataUrlImagesAndNoMask() throws IOException {
    String init = dataUrl(GenerationResourceTest.pngBase64(64, 64));
    Map<String, Object> p = img2imgPayload(List.of(init), null);
    assertThat(p).doesNotContainKey("mask");
    JsonPath r = post("img2img", p);
    assertThat(r.getList("images")).hasSize(1);
    assertThat(JSON.readValue(r.getString("info"), Map.class).get("seed")).isEqualTo(654);
  }

  @Test
  void switchingTheModelThroughOptionsAndReadingItBack() throws IOException, InterruptedException {
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
      // util_set_model: the lower-cased name is taken as is when a sorted title equals it
      String name = title.toLowerCase(Locale.ROOT);
      assertThat(models.stream().map(m -> (String) m.get("title")).sorted().toList()).contains(name);
      given().contentType(ContentType.JSON).body(Map.of("sd_model_checkpoint", name)).post("/sdapi/v1/options")
          .then().statusCode(200).body(org.hamcrest.Matchers.equalTo("null"));
      waitForReady();
      // util_get_current_model
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
