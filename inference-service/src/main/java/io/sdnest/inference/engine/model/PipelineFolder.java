package io.sdnest.inference.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A diffusers/Optimum ONNX pipeline folder as found on disk, read without opening any session: which files exist, the
 * model family, the prediction type, the VAE scaling factor and the scheduler config. Whether the UNet is an inpainting
 * UNet is only known once its session is open (its {@code sample} input has 9 channels).
 */
public final class PipelineFolder {

  /** diffusers' default for SD 1.x/2.x ({@code LDM_VAE_DEFAULT_SCALING_FACTOR}); the legacy export has no VAE config. */
  public static final double DEFAULT_SCALING_FACTOR = 0.18215;

  static final List<String> REQUIRED = List.of(
      "text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx",
      "tokenizer/vocab.json", "tokenizer/merges.txt", "scheduler/scheduler_config.json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private final Path root;
  private final String name;
  private final Map<String, Object> modelIndex;
  private final Map<String, Object> schedulerConfig;
  private final Map<String, Object> textEncoderConfig;
  private final Map<String, Object> unetConfig;
  private final ModelKind kind;
  private final double scalingFactor;
  private final List<String> missing;
  private final String unsupportedReason;

  private PipelineFolder(Path root, String name) {
    this.root = root;
    this.name = name;
    this.modelIndex = readJson("model_index.json");
    this.schedulerConfig = readJson("scheduler/scheduler_config.json");
    this.textEncoderConfig = readJson("text_encoder/config.json");
    this.unetConfig = readJson("unet/config.json");
    this.missing = new ArrayList<>();
    for (String f : REQUIRED) {
      if (!Files.isRegularFile(root.resolve(f))) {
        missing.add(f);
      }
    }
    this.kind = detectKind();
    this.unsupportedReason = switch (kind) {
      case SDXL -> "SDXL pipelines are not supported yet: they need the second text encoder (text_encoder_2, tokenizer_2) "
          + "and the UNet's added conditioning (text_embeds, time_ids), which this engine does not provide";
      case UNSUPPORTED -> "pipeline class '" + modelIndex.getOrDefault("_class_name", "?") + "' is not a Stable Diffusion 1.x/2.x "
          + "pipeline; supported are SD 1.x and 2.x ONNX exports";
      default -> null;
    };
    this.scalingFactor = readScalingFactor();
  }

  /** Whether {@code dir} looks like a pipeline folder (a {@code model_index.json} or a {@code unet/model.onnx}). */
  public static boolean isPipeline(Path dir) {
    return Files.isRegularFile(dir.resolve("model_index.json")) || Files.isRegularFile(dir.resolve("unet/model.onnx"));
  }

  public static PipelineFolder read(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a folder: " + dir);
    }
    return new PipelineFolder(dir.toAbsolutePath().normalize(), name);
  }

  public Path root() {
    return root;
  }

  public String name() {
    return name;
  }

  public ModelKind kind() {
    return kind;
  }

  public PredictionType predictionType() {
    return PredictionType.fromConfig(schedulerConfig.get("prediction_type"));
  }

  public double scalingFactor() {
    return scalingFactor;
  }

  public Map<String, Object> schedulerConfig() {
    return schedulerConfig;
  }

  public Map<String, Object> modelIndex() {
    return modelIndex;
  }

  /** The text encoder's hidden size from its config.json, or 0 when absent. */
  public int textEncoderHiddenSize() {
    Object v = textEncoderConfig.get("hidden_size");
    return v instanceof Number ? ((Number) v).intValue() : 0;
  }

  /** Required files that are absent. */
  public List<String> missing() {
    return List.copyOf(missing);
  }

  /** Why this pipeline cannot be loaded, if it cannot. */
  public Optional<String> problem() {
    if (unsupportedReason != null) {
      return Optional.of(unsupportedReason);
    }
    if (!missing.isEmpty()) {
      return Optional.of("the pipeline folder is missing " + String.join(", ", missing));
    }
    return Optional.empty();
  }

  /** Throws a load error naming the folder and the reason when the pipeline cannot be loaded. */
  public void requireLoadable() {
    problem().ifPresent(p -> {
      throw new io.sdnest.inference.engine.onnx.ModelLoadException("Cannot load model '" + name + "' (" + root + "): " + p);
    });
  }

  public Path textEncoder() {
    return root.resolve("text_encoder/model.onnx");
  }

  public Path unet() {
    return root.resolve("unet/model.onnx");
  }

  public Path vaeDecoder() {
    return root.resolve("vae_decoder/model.onnx");
  }

  /** The VAE encoder, which img2img needs; absent in some exports. */
  public Optional<Path> vaeEncoder() {
    Path p = root.resolve("vae_encoder/model.onnx");
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  public Path tokenizerDir() {
    return root.resolve("tokenizer");
  }

  /**
   * The file whose sha256 names the model: the UNet's weights, i.e. {@code unet/model.onnx_data} (Optimum), else
   * {@code unet/weights.pb} (diffusers' legacy script), else {@code unet/model.onnx} (weights inside the graph).
   */
  public Path mainWeightsFile() {
    for (String f : List.of("unet/model.onnx_data", "unet/weights.pb")) {
      if (Files.isRegularFile(root.resolve(f))) {
        return root.resolve(f);
      }
    }
    return unet();
  }

  private ModelKind detectKind() {
    String cls = String.valueOf(modelIndex.getOrDefault("_class_name", "")).toLowerCase(Locale.ROOT);
    if (Files.isDirectory(root.resolve("text_encoder_2")) || cls.contains("xl")
        || "text_time".equals(unetConfig.get("addition_embed_type"))) {
      return ModelKind.SDXL;
    }
    if (Files.isDirectory(root.resolve("transformer")) || (!cls.isEmpty() && !cls.contains("stablediffusion"))
        || cls.contains("stablediffusion3")) {
      return ModelKind.UNSUPPORTED;
    }
    Object cross = unetConfig.get("cross_attention_dim");
    if (textEncoderHiddenSize() == 1024 || (cross instanceof Number && ((Number) cross).intValue() == 1024)) {
      return ModelKind.SD2;
    }
    return ModelKind.SD1;
  }

  private double readScalingFactor() {
    for (String f : List.of("vae_decoder/config.json", "vae_encoder/config.json", "vae/config.json")) {
      Object v = readJson(f).get("scaling_factor");
      if (v instanceof Number) {
        return ((Number) v).doubleValue();
      }
    }
    return DEFAULT_SCALING_FACTOR;
  }

  private Map<String, Object> readJson(String relative) {
    Path p = root.resolve(relative);
    if (!Files.isRegularFile(p)) {
      return Map.of();
    }
    try {
      return JSON.readValue(p.toFile(), MAP);
    } catch (IOException e) {
      throw new io.sdnest.inference.engine.onnx.ModelLoadException(p, "unreadable JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PipelineFolder[" + name + ", " + kind + ", " + root + "]";
  }
}
