package io.sdnest.inference.engine.infotext;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The generation info behind the {@code info} string of A1111's txt2img/img2img response (a1111-api.md §2): the keys
 * in A1111's order, null values written as {@code null}. Numbers keep their Java type, so pass Double where A1111 has
 * a Python float (cfg_scale) and Integer/Long where it has an int.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"prompt", "all_prompts", "negative_prompt", "all_negative_prompts", "seed", "all_seeds", "subseed",
    "all_subseeds", "subseed_strength", "width", "height", "sampler_name", "cfg_scale", "steps", "batch_size",
    "restore_faces", "face_restoration_model", "sd_model_name", "sd_model_hash", "sd_vae_name", "sd_vae_hash",
    "seed_resize_from_w", "seed_resize_from_h", "denoising_strength", "extra_generation_params",
    "index_of_first_image", "infotexts", "styles", "job_timestamp", "clip_skip", "is_using_inpainting_conditioning",
    "version"})
public record GenerationInfo(
    @JsonProperty("prompt") String prompt,
    @JsonProperty("all_prompts") List<String> allPrompts,
    @JsonProperty("negative_prompt") String negativePrompt,
    @JsonProperty("all_negative_prompts") List<String> allNegativePrompts,
    @JsonProperty("seed") long seed,
    @JsonProperty("all_seeds") List<Long> allSeeds,
    @JsonProperty("subseed") long subseed,
    @JsonProperty("all_subseeds") List<Long> allSubseeds,
    @JsonProperty("subseed_strength") Number subseedStrength,
    @JsonProperty("width") int width,
    @JsonProperty("height") int height,
    @JsonProperty("sampler_name") String samplerName,
    @JsonProperty("cfg_scale") double cfgScale,
    @JsonProperty("steps") int steps,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("restore_faces") boolean restoreFaces,
    @JsonProperty("face_restoration_model") String faceRestorationModel,
    @JsonProperty("sd_model_name") String sdModelName,
    @JsonProperty("sd_model_hash") String sdModelHash,
    @JsonProperty("sd_vae_name") String sdVaeName,
    @JsonProperty("sd_vae_hash") String sdVaeHash,
    @JsonProperty("seed_resize_from_w") int seedResizeFromW,
    @JsonProperty("seed_resize_from_h") int seedResizeFromH,
    @JsonProperty("denoising_strength") Number denoisingStrength,
    @JsonProperty("extra_generation_params") Map<String, Object> extraGenerationParams,
    @JsonProperty("index_of_first_image") int indexOfFirstImage,
    @JsonProperty("infotexts") List<String> infotexts,
    @JsonProperty("styles") List<String> styles,
    @JsonProperty("job_timestamp") String jobTimestamp,
    @JsonProperty("clip_skip") int clipSkip,
    @JsonProperty("is_using_inpainting_conditioning") boolean isUsingInpaintingConditioning,
    @JsonProperty("version") String version) {

  private static final ObjectMapper PYTHON_JSON = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  /** {@code json.dumps(info)} as Python writes it: ", " and ": " separators, non-ASCII escaped. */
  public String toJson() {
    try {
      return PYTHON_JSON.writer(new PythonSeparators()).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("generation info not serialisable", e);
    }
  }

  /** Python's default {@code json.dumps} separators. */
  private static final class PythonSeparators extends MinimalPrettyPrinter {

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }
}
