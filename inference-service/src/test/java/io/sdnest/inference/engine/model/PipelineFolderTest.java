package io.sdnest.inference.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.ModelLoadException;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFolderTest {

  private final DemoPipelineGenerator generator = new DemoPipelineGenerator();

  @TempDir
  Path dir;

  @Test
  void theStandardDemoIsAnSd1EpsilonPipelineThatLoadsWhole() throws Exception {
    generator.write(dir, DemoVariant.standard());
    PipelineFolder folder = PipelineFolder.read(dir, "demo");
    assertThat(folder.kind()).isEqualTo(ModelKind.SD1);
    assertThat(folder.predictionType()).isEqualTo(PredictionType.EPSILON);
    assertThat(folder.scalingFactor()).isEqualTo(0.18215);
    assertThat(folder.mainWeightsFile()).isEqualTo(dir.resolve("unet/model.onnx_data"));
    assertThat(folder.problem()).isEmpty();
    assertThat(folder.schedulerConfig()).containsEntry("beta_schedule", "scaled_linear").containsEntry("steps_offset", 1);
    try (LoadedPipeline p = LoadedPipeline.load(folder, OnnxSessionFactory.cpu())) {
      assertThat(p.isInpainting()).isFalse();
      assertThat(p.vaeEncoder()).isPresent();
      assertThat(p.tokenizerDir().resolve("vocab.json")).exists();
      assertThat(p.provider()).isEqualTo("CPU");
      assertThat(p.textEncoder().hiddenSize()).isEqualTo(32);
      assertThat(p.unet().contextDim()).isEqualTo(32);
    }
  }

  @Test
  void theLegacyExportUsesWeightsPbAndTheDefaultScalingFactor() throws Exception {
    generator.write(dir, DemoVariant.standard().withWeights(DemoVariant.Weights.WEIGHTS_PB));
    PipelineFolder folder = PipelineFolder.read(dir, "legacy");
    assertThat(folder.modelIndex()).containsEntry("_class_name", "OnnxStableDiffusionPipeline");
    assertThat(dir.resolve("vae_decoder/config.json")).doesNotExist();
    assertThat(folder.scalingFactor()).isEqualTo(PipelineFolder.DEFAULT_SCALING_FACTOR);
    assertThat(folder.mainWeightsFile()).isEqualTo(dir.resolve("unet/weights.pb"));
    LoadedPipeline.load(folder, OnnxSessionFactory.cpu()).close();
  }

  @Test
  void vPredictionAndInpaintingAreDetected() throws Exception {
    generator.write(dir, DemoVariant.standard().withVPrediction(true).withInpainting(true).withWeights(DemoVariant.Weights.INLINE));
    PipelineFolder folder = PipelineFolder.read(dir, "v-inpaint");
    assertThat(folder.predictionType()).isEqualTo(PredictionType.V_PREDICTION);
    assertThat(folder.mainWeightsFile()).isEqualTo(dir.resolve("unet/model.onnx"));
    try (LoadedPipeline p = LoadedPipeline.load(folder, OnnxSessionFactory.cpu())) {
      assertThat(p.isInpainting()).isTrue();
      assertThat(p.unet().inChannels()).isEqualTo(9);
    }
  }

  @Test
  void anSdxlPipelineIsListedButRefusedNamingWhatIsMissing() throws Exception {
    generator.write(dir, DemoVariant.standard().withSdxl(true));
    PipelineFolder folder = PipelineFolder.read(dir, "xl");
    assertThat(folder.kind()).isEqualTo(ModelKind.SDXL);
    assertThatThrownBy(() -> LoadedPipeline.load(folder, OnnxSessionFactory.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'xl'")
        .hasMessageContaining("SDXL")
        .hasMessageContaining("text_encoder_2")
        .hasMessageContaining("text_embeds, time_ids");
  }

  @Test
  void anSdxlUnetAloneIsRefusedBySessionInputs() throws Exception {
    generator.write(dir, DemoVariant.standard().withSdxl(true));
    assertThatThrownBy(() -> new io.sdnest.inference.engine.onnx.OnnxUnet(OnnxSessionFactory.cpu(), dir.resolve("unet/model.onnx")))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("SDXL added conditioning");
  }

  @Test
  void anIncompleteFolderNamesTheMissingFiles() throws Exception {
    generator.write(dir, DemoVariant.standard());
    Files.delete(dir.resolve("tokenizer/merges.txt"));
    Files.delete(dir.resolve("vae_decoder/model.onnx"));
    PipelineFolder folder = PipelineFolder.read(dir, "broken");
    assertThat(folder.missing()).containsExactly("vae_decoder/model.onnx", "tokenizer/merges.txt");
    assertThatThrownBy(() -> LoadedPipeline.load(folder, OnnxSessionFactory.cpu()))
        .hasMessageContaining("missing vae_decoder/model.onnx, tokenizer/merges.txt");
  }

  @Test
  void sd2IsRecognisedByItsHiddenSize() throws Exception {
    generator.write(dir, DemoVariant.standard());
    String cfg = Files.readString(dir.resolve("text_encoder/config.json")).replace("\"hidden_size\" : 32", "\"hidden_size\" : 1024");
    Files.writeString(dir.resolve("text_encoder/config.json"), cfg);
    assertThat(PipelineFolder.read(dir, "sd2").kind()).isEqualTo(ModelKind.SD2);
  }
}
