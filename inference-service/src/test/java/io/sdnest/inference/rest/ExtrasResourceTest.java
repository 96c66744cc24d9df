package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** extra-single-image and extra-batch-images: A1111's shapes, sizes, html_info and errors. */
@QuarkusTest
class ExtrasResourceTest {

  private static ValidatableResponse post(String route, String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/" + route).then();
  }

  private static BufferedImage image(String base64) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
  }

  @Test
  void lanczosByASentFactorDoublesTheSizeAndReportsTheFactorAsAFloat() throws IOException {
    String png = GenerationResourceTest.pngBase64(64, 48);
    String out = post("extra-single-image", "{\"image\":\"" + png + "\",\"upscaler_1\":\"Lanczos\",\"upscaling_resize\":2}")
        .statusCode(200)
        .body("html_info", equalTo("<p>Postprocess upscale by: 2.0, Postprocess upscaler: Lanczos</p>"))
        .extract().jsonPath().getString("image");
    BufferedImage img = image(out);
    assertThat(img.getWidth()).isEqualTo(128);
    assertThat(img.getHeight()).isEqualTo(96);
  }

  @Test
  void theDefaultFactorPrintsAsAnIntegerAsInA1111() {
    post("extra-single-image", "{\"image\":\"data:image/png;base64," + png(16, 16) + "\",\"upscaler_1\":\"Nearest\"}")
        .statusCode(200).body("html_info", equalTo("<p>Postprocess upscale by: 2, Postprocess upscaler: Nearest</p>"));
  }

  @Test
  void upscaleToWithCropGivesExactlyTheRequestedSize() throws IOException {
    String out = post("extra-single-image", "{\"image\":\"" + png(64, 48) + "\",\"resize_mode\":1,"
        + "\"upscaling_resize_w\":100,\"upscaling_resize_h\":60,\"upscaler_1\":\"Lanczos\"}").statusCode(200)
        .body("html_info", equalTo("<p>Postprocess upscale to: 100x60, Postprocess crop to: 100x60, "
            + "Postprocess upscaler: Lanczos</p>"))
        .extract().jsonPath().getString("image");
    assertThat(image(out).getWidth()).isEqualTo(100);
    assertThat(image(out).getHeight()).isEqualTo(60);
  }

  @Test
  void upscalerNoneReturnsTheImageUnchangedWithEmptyInfo() throws IOException {
    String out = post("extra-single-image", "{\"image\":\"" + png(24, 16) + "\"}").statusCode(200)
        .body("html_info", equalTo("<p></p>")).extract().jsonPath().getString("image");
    assertThat(image(out).getWidth()).isEqualTo(24);
  }

  @Test
  void theResultCarriesThePostprocessingTextAndTheInputsParameters() {
    String generated = given().contentType(ContentType.JSON).body("{\"seed\":5,\"width\":64,\"height\":64,\"steps\":2}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath().getString("images[0]");
    String out = post("extra-single-image", "{\"image\":\"" + generated + "\",\"upscaler_1\":\"Nearest\"}")
        .statusCode(200).extract().jsonPath().getString("image");
    given().contentType(ContentType.JSON).body("{\"image\":\"" + out + "\"}").post("/sdapi/v1/png-info").then()
        .statusCode(200).body("info", containsString("Seed: 5"))
        .body("items.postprocessing", equalTo("Postprocess upscale by: 2, Postprocess upscaler: Nearest"));
  }

  @Test
  void batchProcessesEveryImageOfTheList() throws IOException {
    var r = post("extra-batch-images", "{\"imageList\":[{\"data\":\"" + png(16, 8) + "\",\"name\":\"a.png\"},"
        + "{\"data\":\"data:image/png;base64," + png(8, 16) + "\",\"name\":\"b.png\"}],\"upscaler_1\":\"Lanczos\","
        + "\"upscaling_resize\":3}").statusCode(200)
        .body("html_info", equalTo("<p>Postprocess upscale by: 3.0, Postprocess upscaler: Lanczos</p>")).extract();
    List<String> images = r.jsonPath().getList("images");
    assertThat(images).hasSize(2);
    assertThat(image(images.get(0)).getWidth()).isEqualTo(48);
    assertThat(image(images.get(1)).getHeight()).isEqualTo(48);
  }

  @Test
  void unknownUpscalerIs400ListingTheValidOnes() {
    post("extra-single-image", "{\"image\":\"" + png(8, 8) + "\",\"upscaler_1\":\"R-ESRGAN 4x+\"}").statusCode(400)
        .body("detail", allOf(containsString("R-ESRGAN 4x+"), containsString("None"), containsString("Lanczos"),
            containsString("Nearest")));
  }

  @Test
  void undecodableImageIs400InvalidEncodedImage() {
    post("extra-single-image", "{\"image\":\"bm90IGFuIGltYWdl\",\"upscaler_1\":\"Lanczos\"}").statusCode(400)
        .body("error", equalTo("HTTPException")).body("detail", containsString("Invalid encoded image"));
    post("extra-batch-images", "{\"imageList\":[{\"data\":\"%%%\",\"name\":\"x\"}]}").statusCode(400)
        .body("detail", containsString("Invalid encoded image"));
  }

  @Test
  void batchWithoutImageListIs422NamingIt() {
    post("extra-batch-images", "{}").statusCode(422).body("detail[0].loc[1]", equalTo("imageList"));
  }

  @Test
  void faceRestorationIsRefusedClearly() {
    post("extra-single-image", "{\"image\":\"" + png(8, 8) + "\",\"gfpgan_visibility\":0.5}").statusCode(400)
        .body("detail", containsString("no face restorers"));
  }

  @Test
  void imageUrlsAreRefusedWhileDisabled() {
    post("extra-single-image", "{\"image\":\"https://example.com/cat.png\"}").statusCode(400)
        .body("detail", startsWith("Requests not allowed"));
    given().contentType(ContentType.JSON).body("{\"init_images\":[\"https://example.com/cat.png\"],\"steps\":2,"
        + "\"width\":64,\"height\":64}").post("/sdapi/v1/img2img").then().statusCode(400)
        .body("detail", containsString("image-urls.enabled"));
  }

  private static String png(int w, int h) {
    try {
      return GenerationResourceTest.pngBase64(w, h);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
