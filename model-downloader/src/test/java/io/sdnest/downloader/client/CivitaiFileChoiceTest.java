package io.sdnest.downloader.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class CivitaiFileChoiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode files() throws Exception {
    return JSON.readTree("""
        [{"id": 11, "name": "model-full.safetensors", "type": "Model", "primary": false,
          "metadata": {"format": "SafeTensor", "size": "full", "fp": "fp32"}, "sizeKB": 2.5},
         {"id": 12, "name": "model-pruned.safetensors", "type": "Model", "primary": true,
          "metadata": {"format": "SafeTensor", "size": "pruned", "fp": "fp16"}, "sizeKB": 1.0009765625},
         {"id": 13, "name": "model-pruned.ckpt", "type": "Model", "primary": false,
          "metadata": {"format": "PickleTensor", "size": "pruned", "fp": "fp16"}, "sizeKB": 1.3333},
         {"id": 14, "name": "vae.safetensors", "type": "VAE", "primary": false,
          "metadata": {"format": "SafeTensor"}}]
        """);
  }

  private static String picked(Map<String, String> query) throws Exception {
    return CivitaiClient.pickFile(files(), query).map(f -> f.path("name").asText()).orElse("none");
  }

  @Test
  void withoutQueryParametersThePrimaryFileIsTheOne() throws Exception {
    assertThat(picked(Map.of())).isEqualTo("model-pruned.safetensors");
  }

  @Test
  void queryParametersNarrowTheChoiceAsCivitaiDoes() throws Exception {
    assertThat(picked(Map.of("type", "Model", "format", "SafeTensor", "size", "full"))).isEqualTo("model-full.safetensors");
    assertThat(picked(Map.of("format", "PickleTensor"))).isEqualTo("model-pruned.ckpt");
    assertThat(picked(Map.of("type", "vae"))).isEqualTo("vae.safetensors");
    assertThat(picked(Map.of("format", "GGUF"))).isEqualTo("none");
  }

  @Test
  void fileIdWinsOverEverythingElse() throws Exception {
    assertThat(picked(Map.of("fileId", "13", "format", "SafeTensor"))).isEqualTo("model-pruned.ckpt");
  }

  @Test
  void sizeInKilobytesIsUsedOnlyWhenItIsAWholeNumberOfBytes() throws Exception {
    JsonNode f = files();
    assertThat(CivitaiClient.sizeOf(f.get(0))).isEqualTo(OptionalLong.of(2560));
    assertThat(CivitaiClient.sizeOf(f.get(1))).isEqualTo(OptionalLong.of(1025));
    assertThat(CivitaiClient.sizeOf(f.get(2))).isEmpty();
    assertThat(CivitaiClient.sizeOf(f.get(3))).isEmpty();
  }
}
