package io.sdnest.inference.engine.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes the synthetic demo pipeline "sdnest-demo" in the folder layout of an Optimum SD 1.5 export, but tiny (hidden
 * width 32, 77 tokens, 4 latent channels) and with constructed weights whose outputs have closed forms (see
 * {@link DemoMath}, {@link DemoUnetGraph}, {@link DemoVaeGraphs}). It is a model for trying the stack and for tests,
 * not an image model.
 */
public final class DemoPipelineGenerator {

  public static final String NAME = "sdnest-demo";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DemoVocabulary vocab = new DemoVocabulary();

  public DemoVocabulary vocabulary() {
    return vocab;
  }

  /** Writes the standard demo into {@code <checkpoints>/sdnest-demo}, via a temporary folder renamed when complete. */
  public Path generateInto(Path checkpointsDir) {
    return generateInto(checkpointsDir, NAME, DemoVariant.standard(), false);
  }

  /** Writes {@code variant} into {@code <checkpoints>/<name>}, via a temporary folder renamed when complete. */
  public Path generateInto(Path checkpointsDir, String name, DemoVariant variant, boolean heavyUnet) {
    Path target = checkpointsDir.resolve(name);
    Path tmp = checkpointsDir.resolve("." + name + ".part");
    try {
      deleteRecursively(tmp);
      write(tmp, variant, heavyUnet);
      Files.move(tmp, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the demo model to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes a pipeline folder for {@code variant} at {@code folder} (created; existing files overwritten). */
  public void write(Path folder, DemoVariant variant) throws IOException {
    write(folder, variant, false);
  }

  /** As {@link #write(Path, DemoVariant)}; with {@code heavyUnet} the UNet also runs {@link HeavyUnetPath}. */
  public void write(Path folder, DemoVariant variant, boolean heavyUnet) throws IOException {
    DataType f = variant.fp16() ? DataType.FLOAT16 : DataType.FLOAT;
    DataType ids = variant.ids() == DemoVariant.IdsType.INT32 ? DataType.INT32 : DataType.INT64;
    Files.createDirectories(folder);
    boolean legacy = variant.weights() == DemoVariant.Weights.WEIGHTS_PB;

    OnnxFiles.write(DemoTextEncoderGraph.build(vocab, ids, f, variant.hiddenStates()), folder.resolve("text_encoder/model.onnx"), null);
    writeJson(folder.resolve("text_encoder/config.json"), textEncoderConfig());
    String external = switch (variant.weights()) {
      case ONNX_DATA -> "model.onnx_data";
      case WEIGHTS_PB -> "weights.pb";
      case INLINE -> null;
    };
    OnnxFiles.write(DemoUnetGraph.build(variant, heavyUnet), folder.resolve("unet/model.onnx"), external);
    writeJson(folder.resolve("unet/config.json"), unetConfig(variant));
    OnnxFiles.write(DemoVaeGraphs.decoder(f), folder.resolve("vae_decoder/model.onnx"), null);
    OnnxFiles.write(DemoVaeGraphs.encoder(f, variant.vaeOutput() == DemoVariant.VaeOutput.LATENT_PARAMETERS),
        folder.resolve("vae_encoder/model.onnx"), null);
    if (!legacy) {
      writeJson(folder.resolve("vae_decoder/config.json"), vaeConfig());
      writeJson(folder.resolve("vae_encoder/config.json"), vaeConfig());
    }
    writeTokenizer(folder.resolve("tokenizer"), "<|endoftext|>");
    writeJson(folder.resolve("scheduler/scheduler_config.json"), schedulerConfig(variant));
    writeJson(folder.resolve("model_index.json"), modelIndex(variant, legacy));
    if (variant.sdxl()) {
      OnnxFiles.write(DemoTextEncoderGraph.build(vocab, DataType.INT64, f, true), folder.resolve("text_encoder_2/model.onnx"), null);
      writeJson(folder.resolve("text_encoder_2/config.json"), textEncoderConfig());
      writeTokenizer(folder.resolve("tokenizer_2"), "!");
    }
  }

  private void writeTokenizer(Path dir, String pad) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("vocab.json"), new ObjectMapper().writeValueAsString(vocab.vocab()), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    lines.add("#version: 0.2");
    for (String[] m : vocab.merges()) {
      lines.add(m[0] + " " + m[1]);
    }
    Files.writeString(dir.resolve("merges.txt"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("add_prefix_space", false);
    config.put("bos_token", DemoVocabulary.BOS);
    config.put("clean_up_tokenization_spaces", true);
    config.put("do_lower_case", true);
    config.put("eos_token", DemoVocabulary.EOS);
    config.put("errors", "replace");
    config.put("model_max_length", DemoMath.MAX_TOKENS);
    config.put("pad_token", pad);
    config.put("tokenizer_class", "CLIPTokenizer");
    config.put("unk_token", DemoVocabulary.EOS);
    writeJson(dir.resolve("tokenizer_config.json"), config);
    writeJson(dir.resolve("special_tokens_map.json"), Map.of(
        "bos_token", DemoVocabulary.BOS, "eos_token", DemoVocabulary.EOS, "pad_token", pad, "unk_token", DemoVocabulary.EOS));
  }

  private Map<String, Object> textEncoderConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_name_or_path", NAME);
    c.put("architectures", List.of("CLIPTextModel"));
    c.put("bos_token_id", vocab.bos());
    c.put("eos_token_id", vocab.eos());
    c.put("hidden_act", "quick_gelu");
    c.put("hidden_size", DemoMath.HIDDEN);
    c.put("layer_norm_eps", 1e-5);
    c.put("max_position_embeddings", DemoMath.MAX_TOKENS);
    c.put("model_type", "clip_text_model");
    c.put("num_hidden_layers", DemoMath.LAYERS);
    c.put("projection_dim", DemoMath.HIDDEN);
    c.put("torch_dtype", "float32");
    c.put("vocab_size", vocab.size());
    return c;
  }

  private static Map<String, Object> unetConfig(DemoVariant v) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "UNet2DConditionModel");
    c.put("cross_attention_dim", DemoMath.HIDDEN);
    c.put("in_channels", v.inpainting() ? 9 : 4);
    c.put("out_channels", 4);
    c.put("sample_size", 64);
    if (v.sdxl()) {
      c.put("addition_embed_type", "text_time");
    }
    return c;
  }

  private static Map<String, Object> vaeConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "AutoencoderKL");
    c.put("in_channels", 3);
    c.put("latent_channels", DemoMath.LATENT_CHANNELS);
    c.put("out_channels", 3);
    c.put("sample_size", 512);
    c.put("scaling_factor", DemoMath.SCALING_FACTOR);
    return c;
  }

  private static Map<String, Object> schedulerConfig(DemoVariant v) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "PNDMScheduler");
    c.put("_diffusers_version", "0.30.0");
    c.put("beta_end", DemoMath.BETA_END);
    c.put("beta_schedule", "scaled_linear");
    c.put("beta_start", DemoMath.BETA_START);
    c.put("clip_sample", false);
    c.put("num_train_timesteps", DemoMath.TRAIN_TIMESTEPS);
    c.put("prediction_type", v.vPrediction() ? "v_prediction" : "epsilon");
    c.put("set_alpha_to_one", false);
    c.put("skip_prk_steps", true);
    c.put("steps_offset", 1);
    c.put("timestep_spacing", "leading");
    c.put("trained_betas", null);
    return c;
  }

  private static Map<String, Object> modelIndex(DemoVariant v, boolean legacy) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (legacy) {
      c.put("_class_name", "OnnxStableDiffusionPipeline");
      c.put("_diffusers_version", "0.6.0");
      c.put("feature_extractor", Arrays.asList(null, null));
      c.put("safety_checker", Arrays.asList(null, null));
      c.put("scheduler", List.of("diffusers", "PNDMScheduler"));
      c.put("text_encoder", List.of("diffusers", "OnnxRuntimeModel"));
      c.put("tokenizer", List.of("transformers", "CLIPTokenizer"));
      c.put("unet", List.of("diffusers", "OnnxRuntimeModel"));
      c.put("vae_decoder", List.of("diffusers", "OnnxRuntimeModel"));
      c.put("vae_encoder", List.of("diffusers", "OnnxRuntimeModel"));
      return c;
    }
    c.put("_class_name", v.sdxl() ? "StableDiffusionXLPipeline" : "StableDiffusionPipeline");
    c.put("_diffusers_version", "0.30.0");
    c.put("feature_extractor", Arrays.asList(null, null));
    c.put("requires_safety_checker", false);
    c.put("safety_checker", Arrays.asList(null, null));
    c.put("scheduler", List.of("diffusers", "PNDMScheduler"));
    c.put("text_encoder", List.of("transformers", "CLIPTextModel"));
    c.put("tokenizer", List.of("transformers", "CLIPTokenizer"));
    if (v.sdxl()) {
      c.put("text_encoder_2", List.of("transformers", "CLIPTextModelWithProjection"));
      c.put("tokenizer_2", List.of("transformers", "CLIPTokenizer"));
      c.put("force_zeros_for_empty_prompt", true);
    }
    c.put("unet", List.of("diffusers", "UNet2DConditionModel"));
    c.put("vae", List.of("diffusers", "AutoencoderKL"));
    return c;
  }

  private static void writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), value);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
