package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.common.data.DataLayout;

/** prompt-styles from styles.csv and the styles request field; loras with safetensors metadata; cmd-flags. */
@QuarkusTest
class StylesLorasFlagsTest {

  @Inject
  DataLayout data;

  @AfterEach
  void removeFiles() throws IOException {
    Files.deleteIfExists(data.root().resolve("styles.csv"));
    Files.deleteIfExists(data.lora().resolve("my_lora.safetensors"));
    Files.deleteIfExists(data.lora().resolve("huge_header.safetensors"));
    given().post("/sdapi/v1/refresh-loras").then().statusCode(200);
  }

  private void writeStyles() throws IOException {
    Files.writeString(data.root().resolve("styles.csv"), "\uFEFFname,prompt,negative_prompt\n"
        + "\"Cinematic\",\"cinematic still of {prompt}, highly detailed\",\"cartoon, drawing\"\n"
        + "Moody,\"dark, moody\",\n"
        + "\"# a comment row\",x,y\n", StandardCharsets.UTF_8);
  }

  @Test
  void promptStylesListsStylesCsvInFileOrder() throws IOException {
    given().get("/sdapi/v1/prompt-styles").then().statusCode(200).body("size()", equalTo(0));
    writeStyles();
    given().get("/sdapi/v1/prompt-styles").then().statusCode(200).body("size()", equalTo(2))
        .body("[0].name", equalTo("Cinematic"))
        .body("[0].prompt", equalTo("cinematic still of {prompt}, highly detailed"))
        .body("[0].negative_prompt", equalTo("cartoon, drawing"))
        .body("[1].name", equalTo("Moody")).body("[1].prompt", equalTo("dark, moody"))
        .body("[1].negative_prompt", equalTo(""));
  }

  @Test
  void stylesExpandThePromptsAsA1111AndTheInfotextShowsTheExpandedText() throws IOException {
    writeStyles();
    JsonPath r = given().contentType(ContentType.JSON).body("{\"prompt\":\"a cat\",\"negative_prompt\":\"blurry\","
        + "\"styles\":[\"Cinematic\",\"Moody\"],\"seed\":3,\"width\":64,\"height\":64,\"steps\":2}")
        .post("/sdapi/v1/txt2img").then().statusCode(200).body("parameters.prompt", equalTo("a cat"))
        .extract().jsonPath();
    Map<?, ?> info = new ObjectMapper().readValue(r.getString("info"), Map.class);
    String prompt = "cinematic still of a cat, highly detailed, dark, moody";
    assertThat(info.get("prompt")).isEqualTo(prompt);
    assertThat(info.get("negative_prompt")).isEqualTo("blurry, cartoon, drawing");
    assertThat(info.get("styles")).isEqualTo(List.of("Cinematic", "Moody"));
    assertThat(((List<?>) info.get("infotexts")).get(0).toString())
        .startsWith(prompt + "\nNegative prompt: blurry, cartoon, drawing\nSteps: 2,");
  }

  private static String hiresInfotext(String hrPrompt, String hrNegativePrompt) throws IOException {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("prompt", "a cat", "negative_prompt", "blurry",
        "styles", List.of("Cinematic", "Moody"), "seed", 3, "width", 64, "height", 64, "steps", 2));
    body.putAll(Map.of("enable_hr", true, "hr_scale", 1.5, "hr_prompt", hrPrompt, "hr_negative_prompt",
        hrNegativePrompt));
    JsonPath r = given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then().statusCode(200).extract().jsonPath();
    Map<?, ?> info = new ObjectMapper().readValue(r.getString("info"), Map.class);
    return ((List<?>) info.get("infotexts")).get(0).toString();
  }

  @Test
  void stylesAreAppliedToTheHiresPromptsToo() throws IOException {
    writeStyles();
    assertThat(hiresInfotext("a dog", "grainy"))
        .contains("Hires prompt: \"cinematic still of a dog, highly detailed, dark, moody\"")
        .contains("Hires negative prompt: \"grainy, cartoon, drawing\"");
  }

  @Test
  void emptyHiresPromptsFollowTheStyledMainPrompts() throws IOException {
    writeStyles();
    assertThat(hiresInfotext("", "")).contains("Hires upscale: 1.5").doesNotContain("Hires prompt")
        .doesNotContain("Hires negative prompt");
  }

  @Test
  void unknownStyleIs400NamingIt() throws IOException {
    writeStyles();
    given().contentType(ContentType.JSON).body("{\"prompt\":\"a\",\"styles\":[\"Nope\"],\"steps\":2,\"width\":64,"
        + "\"height\":64}").post("/sdapi/v1/txt2img").then().statusCode(400)
        .body("detail", containsString("Style 'Nope' not found"));
  }

  private static byte[] safetensors(String header) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json)
        .putFloat(1f).array();
  }

  @Test
  void lorasListSafetensorsWithTheirMetadataAfterARefresh() throws IOException {
    Files.createDirectories(data.lora());
    Files.write(data.lora().resolve("my_lora.safetensors"), safetensors("{\"__metadata__\":{\"ss_output_name\":"
        + "\"mylora\",\"ss_network_dim\":\"16\",\"ss_tag_frequency\":\"{\\\"cats\\\": {\\\"cat\\\": 3}}\","
        + "\"ss_sd_model_name\":\"v1-5\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"));
    byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200L * 1024 * 1024)
        .put("{\"__meta".getBytes(StandardCharsets.US_ASCII)).array();
    Files.write(data.lora().resolve("huge_header.safetensors"), huge);
    given().post("/sdapi/v1/refresh-loras").then().statusCode(200).body(equalTo("null"));
    JsonPath loras = given().get("/sdapi/v1/loras").then().statusCode(200).body("size()", equalTo(2)).extract()
        .jsonPath();
    assertThat(loras.getString("[0].name")).isEqualTo("huge_header");
    assertThat(loras.getString("[0].alias")).isEqualTo("huge_header");
    assertThat(loras.getMap("[0].metadata")).isEmpty();
    assertThat(loras.getString("[1].name")).isEqualTo("my_lora");
    assertThat(loras.getString("[1].alias")).isEqualTo("mylora");
    assertThat(loras.getString("[1].path")).endsWith("my_lora.safetensors");
    Map<String, Object> metadata = loras.getMap("[1].metadata");
    assertThat(metadata.keySet()).containsExactly("ss_sd_model_name", "ss_tag_frequency", "ss_output_name",
        "ss_network_dim");
    assertThat(metadata.get("ss_tag_frequency")).isEqualTo(Map.of("cats", Map.of("cat", 3)));
    assertThat(metadata.get("ss_network_dim")).isEqualTo("16");
  }

  @Test
  void cmdFlagsHaveA1111sKeysWithSdnestsValues() {
    given().get("/sdapi/v1/cmd-flags").then().statusCode(200)
        .body("api", equalTo(true)).body("nowebui", equalTo(true))
        .body("api_auth", nullValue()).body("gradio_auth", nullValue())
        .body("ckpt_dir", endsWith("Stable-diffusion")).body("lora_dir", endsWith("Lora"))
        .body("skip_load_model_at_start", equalTo(true)).body("use_cpu[0]", equalTo("all"))
        .body("port", org.hamcrest.Matchers.instanceOf(String.class))
        .body("timeout_keep_alive", equalTo(30)).body("max_batch_count", equalTo(16));
  }
}
