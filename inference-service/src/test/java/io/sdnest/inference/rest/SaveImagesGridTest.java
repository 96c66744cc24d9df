package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.common.data.DataLayout;

/** save_images with more than one image: A1111's grid, returned first and saved as grid-NNNN.png. */
@QuarkusTest
class SaveImagesGridTest {

  @Inject
  DataLayout data;

  private static JsonPath txt2img(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then().statusCode(200).extract()
        .jsonPath();
  }

  @Test
  void theGridComesFirstIsSavedAndShiftsTheFirstImageIndex() throws IOException {
    JsonPath r = txt2img("{\"save_images\":true,\"seed\":40,\"batch_size\":2,\"n_iter\":2,\"width\":64,"
        + "\"height\":64,\"steps\":2}");
    List<String> images = r.getList("images");
    assertThat(images).hasSize(5);
    byte[] grid = Base64.getDecoder().decode(images.get(0));
    BufferedImage gridImage = ImageIO.read(new ByteArrayInputStream(grid));
    assertThat(gridImage.getWidth()).isEqualTo(128);
    assertThat(gridImage.getHeight()).isEqualTo(128);
    BufferedImage third = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.get(3))));
    // the third image sits bottom-left in a 2x2 grid
    assertThat(gridImage.getRGB(10, 64 + 10)).isEqualTo(third.getRGB(10, 10));

    Map<?, ?> info = new ObjectMapper().readValue(r.getString("info"), Map.class);
    assertThat(info.get("index_of_first_image")).isEqualTo(1);
    List<?> infotexts = (List<?>) info.get("infotexts");
    assertThat(infotexts).hasSize(5);
    assertThat(infotexts.get(0)).isEqualTo(infotexts.get(1));

    Path dir = data.outputs().resolve("txt2img-grids").resolve(LocalDate.now().toString());
    try (Stream<Path> files = Files.list(dir)) {
      Path newest = files.filter(f -> f.getFileName().toString().matches("grid-\\d{4}\\.png"))
          .max(Comparator.naturalOrder()).orElseThrow();
      assertThat(Files.readAllBytes(newest)).isEqualTo(grid);
    }
  }

  @Test
  void aSingleImageGetsNoGrid() throws IOException {
    JsonPath r = txt2img("{\"save_images\":true,\"seed\":41,\"width\":64,\"height\":64,\"steps\":2}");
    assertThat(r.getList("images")).hasSize(1);
    Map<?, ?> info = new ObjectMapper().readValue(r.getString("info"), Map.class);
    assertThat(info.get("index_of_first_image")).isEqualTo(0);
  }

  @Test
  void withoutSaveImagesThereIsNoGrid() {
    assertThat(txt2img("{\"seed\":42,\"batch_size\":2,\"width\":64,\"height\":64,\"steps\":2}").getList("images"))
        .hasSize(2);
  }
}
