package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.sdnest.common.data.DataLayout;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** txt2img and img2img on the demo model: images, echoed parameters, info, and every error row. */
@QuarkusTest
class GenerationResourceTest {

  private static final String SMALL = "\"width\":64,\"height\":64,\"steps\":3";

  private static ExtractableResponse<Response> post(String route, String body, int status) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/" + route).then().statusCode(status)
        .extract();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> info(ExtractableResponse<Response> r) throws IOException {
    return new ObjectMapper().readValue(r.jsonPath().getString("info"), Map.class);
  }

  static String pngBase64(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @Test
  void txt2imgReturnsOnePngPerImageWithConsecutiveSeeds() throws IOException {
    var r = post("txt2img", "{\"prompt\":\"a red car\",\"seed\":1000,\"batch_size\":2," + SMALL + "}", 200);
    List<String> images = r.jsonPath().getList("images");
    assertThat(images).hasSize(2);
    for (String image : images) {
      byte[] bytes = Base64.getDecoder().decode(image);
      assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(decoded.getWidth()).isEqualTo(64);
      assertThat(decoded.getHeight()).isEqualTo(64);
    }
    Map<String, Object> info = info(r);
    assertThat(info.get("all_seeds")).isEqualTo(List.of(1000, 1001));
    assertThat(info.get("seed")).isEqualTo(1000);
    assertThat(info.get("sampler_name")).isEqualTo("Euler");
    assertThat(info.get("sd_model_name")).isEqualTo("sdnest-demo");
    assertThat((List<?>) info.get("infotexts")).hasSize(2);
    assertThat(r.jsonPath().getString("info")).startsWith("{\"prompt\": \"a red car\", \"all_prompts\": ");
  }

  @Test
  void parametersEchoTheRequestWithA1111Defaults() {
    post("txt2img", "{\"prompt\":\"x\",\"no_such_field\":1," + SMALL + "}", 200).response().then()
        .body("parameters.prompt", equalTo("x"))
        .body("parameters.steps", equalTo(3))
        .body("parameters.seed", equalTo(-1))
        .body("parameters.cfg_scale", equalTo(7.0f))
        .body("parameters.sampler_index", equalTo("Euler"))
        .body("parameters.sampler_name", nullValue())
        .body("parameters.hr_scale", equalTo(2.0f))
        .body("parameters.script_args", empty())
        .body("parameters.send_images", equalTo(true))
        .body("parameters.denoising_strength", nullValue())
        .body("parameters.containsKey('no_such_field')", equalTo(false))
        .body("parameters.containsKey('styles')", equalTo(true));
  }

  @Test
  void sendImagesFalseReturnsNoImagesButTheInfo() throws IOException {
    var r = post("txt2img", "{\"send_images\":false,\"seed\":5," + SMALL + "}", 200);
    assertThat(r.jsonPath().getList("images")).isEmpty();
    assertThat(info(r).get("all_seeds")).isEqualTo(List.of(5));
  }

  @Test
  void img2imgTakesADataUrlAndHidesTheInitImagesInTheEcho() throws IOException {
    var r = post("img2img", "{\"init_images\":[\"data:image/png;base64," + pngBase64(64, 64) + "\"],"
        + "\"denoising_strength\":0.5,\"seed\":7," + SMALL + "}", 200);
    assertThat(r.jsonPath().getList("images")).hasSize(1);
    assertThat(r.jsonPath().getString("parameters.init_images")).isNull();
    assertThat(r.jsonPath().getFloat("parameters.denoising_strength")).isEqualTo(0.5f);
    assertThat(r.jsonPath().getInt("parameters.mask_blur_x")).isEqualTo(4);
    assertThat(info(r).get("denoising_strength")).isEqualTo(0.5);
  }

  @Test
  void img2imgWithoutInitImagesIs404() {
    post("img2img", "{" + SMALL + "}", 404).response().then()
        .body("error", equalTo("HTTPException")).body("detail", equalTo("Init image not found"))
        .body("body", equalTo("")).body("errors", equalTo(""));
  }

  @Test
  void undecodableImageIs400InvalidEncodedImage() {
    post("img2img", "{\"init_images\":[\"not base64!\"]," + SMALL + "}", 400).response().then()
        .body("error", equalTo("HTTPException")).body("detail", equalTo("Invalid encoded image"));
  }

  @Test
  void unknownSamplerIs400ListingTheValidNames() {
    post("txt2img", "{\"sampler_name\":\"Bogus\"," + SMALL + "}", 400).response().then()
        .body("detail", containsString("Bogus")).body("detail", containsString("Euler a"))
        .body("detail", containsString("DPM++ 2M"));
  }

  @Test
  void widthNotAMultipleOf8Is400NamingWidth() {
    post("txt2img", "{\"width\":65,\"height\":64,\"steps\":3}", 400).response().then()
        .body("detail", containsString("width")).body("detail", containsString("multiple of 8"));
  }

  @Test
  void malformedJsonIs422InFastApiShape() {
    post("txt2img", "{\"prompt\": ", 422).response().then()
        .body("detail", hasSize(1)).body("detail[0].loc[0]", equalTo("body"))
        .body("detail[0].type", equalTo("value_error.jsondecode"));
  }

  @Test
  void wrongTypeIs422NamingTheField() {
    post("txt2img", "{\"steps\":\"many\"}", 422).response().then()
        .body("detail[0].loc", contains("body", "steps"))
        .body("detail[0].msg", equalTo("value is not a valid integer"));
  }

  @Test
  void missingBodyIs422() {
    given().contentType(ContentType.JSON).post("/sdapi/v1/txt2img").then().statusCode(422)
        .body("detail[0].loc", contains("body"));
  }

  @Test
  void overrideSettingsApplyToTheRequestOnlyAndAreNotStored() throws IOException {
    var r = post("txt2img", "{\"seed\":9,\"override_settings\":{\"CLIP_stop_at_last_layers\":2,"
        + "\"samples_format\":\"jpg\"}," + SMALL + "}", 200);
    byte[] bytes = Base64.getDecoder().decode(r.jsonPath().getString("images[0]"));
    assertThat(bytes).startsWith(0xFF, 0xD8);
    assertThat(info(r).get("clip_skip")).isEqualTo(2);
    given().get("/sdapi/v1/options").then().body("CLIP_stop_at_last_layers", equalTo(1.0f))
        .body("samples_format", equalTo("png"));
    var plain = post("txt2img", "{\"seed\":9," + SMALL + "}", 200);
    assertThat(info(plain).get("clip_skip")).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(plain.jsonPath().getString("images[0]"))).startsWith(0x89, 'P');
  }

  @Test
  void invalidOverrideValueIs400NamingIt() {
    post("txt2img", "{\"override_settings\":{\"samples_format\":\"tiff\"}," + SMALL + "}", 400).response().then()
        .body("detail", containsString("tiff"));
  }

  @Test
  void infotextFillsTheFieldsTheRequestLeavesUnset() throws IOException {
    String infotext = "a green tree\nNegative prompt: haze\nSteps: 3, Sampler: Euler a, Schedule type: Karras, "
        + "CFG scale: 5.5, Seed: 321, Size: 64x72, Clip skip: 2";
    var r = post("txt2img", "{\"infotext\":" + new ObjectMapper().writeValueAsString(infotext) + ",\"width\":64}",
        200);
    Map<String, Object> info = info(r);
    assertThat(info.get("prompt")).isEqualTo("a green tree");
    assertThat(info.get("negative_prompt")).isEqualTo("haze");
    assertThat(info.get("seed")).isEqualTo(321);
    assertThat(info.get("steps")).isEqualTo(3);
    assertThat(info.get("sampler_name")).isEqualTo("Euler a");
    assertThat(info.get("cfg_scale")).isEqualTo(5.5);
    assertThat(info.get("height")).isEqualTo(72);
    assertThat(info.get("clip_skip")).isEqualTo(2);
    assertThat((List<?>) info.get("infotexts")).first().asString().contains("Schedule type: Karras");
  }

  @Inject
  DataLayout data;

  @Test
  void saveImagesWritesA1111NumberedFilesToTheOutputsFolder() throws IOException {
    Path dir = data.outputs().resolve("txt2img-images").resolve(LocalDate.now().toString());
    var r = post("txt2img", "{\"save_images\":true,\"seed\":777,\"batch_size\":2," + SMALL + "}", 200);
    List<String> images = r.jsonPath().getList("images");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> saved = files.filter(f -> f.getFileName().toString().matches("\\d{5}-77[78]\\.png")).sorted().toList();
      assertThat(saved).hasSizeGreaterThanOrEqualTo(2);
      Path last = saved.get(saved.size() - 1);
      assertThat(last.getFileName().toString()).endsWith("-778.png");
      // images: the grid first (A1111 returns it when save_images unsuppresses it), then the two images
      assertThat(images).hasSize(3);
      assertThat(Files.readAllBytes(last)).isEqualTo(Base64.getDecoder().decode(images.get(2)));
    }
  }
}
