package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.demo.DemoVariant.IdsType;
import io.sdnest.inference.engine.demo.DemoVariant.TimestepKind;
import io.sdnest.inference.engine.demo.DemoVariant.VaeOutput;
import io.sdnest.inference.engine.demo.DemoVariant.Weights;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hires fix and the exporter-variant matrix through the real pipeline. */
class HiresAndVariantsPipelineTest {

  @TempDir
  Path dir;

  static Stream<DemoVariant> variants() {
    DemoVariant std = DemoVariant.standard();
    return Stream.of(
        std.withIds(IdsType.INT32).withTimestep(TimestepKind.INT64_BATCH).withVaeOutput(VaeOutput.LATENT_SAMPLE)
            .withWeights(Weights.WEIGHTS_PB).withHiddenStates(false),
        std.withIds(IdsType.INT32).withTimestep(TimestepKind.FLOAT_BATCH).withWeights(Weights.INLINE),
        std.withTimestep(TimestepKind.FLOAT_ONE),
        std.withFp16(true),
        std.withFp16(true).withTimestep(TimestepKind.FLOAT_BATCH),
        std.withVPrediction(true),
        std.withInpainting(true).withTimestep(TimestepKind.FLOAT_BATCH));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void everyExporterVariantProducesThePromptsColour(DemoVariant variant) {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, variant);
    try {
      GenerationResult result = pipeline.generate(GenerationRequest.builder().prompt("red").size(64, 64).steps(10)
          .seed(5).batch(2, 1).cfgScale(4).sampler("DPM++ 2M").build(GenerationLimits.defaults()),
          ProgressListener.NONE, new CancellationToken());
      assertThat(result.images()).hasSize(2);
      for (GeneratedImage image : result.images()) {
        assertThat(image.bitmap().width()).isEqualTo(64);
        assertThat(DemoPipelines.redness(image.bitmap())).isGreaterThan(40);
      }
      GenerationResult img2img = pipeline.generate(GenerationRequest.builder().prompt("blue").size(64, 64).steps(6)
          .img2img(List.of(DemoPipelines.blocky(64, 64, 2)), 0.5).build(GenerationLimits.defaults()),
          ProgressListener.NONE, new CancellationToken());
      assertThat(img2img.images()).hasSize(1);
    } finally {
      pipeline.model().close();
    }
  }

  @Test
  void theComplementVariantMakesTheComplementaryColour() {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, DemoVariant.standard().withComplement(true));
    try {
      Bitmap image = pipeline.generate(GenerationRequest.builder().prompt("red").size(64, 64).steps(10).seed(5)
          .build(GenerationLimits.defaults()), ProgressListener.NONE, new CancellationToken()).images().get(0).bitmap();
      double[] rgb = DemoPipelines.meanRgb(image);
      assertThat(rgb[1]).as("cyan, not red: %s", Arrays.toString(rgb)).isGreaterThan(rgb[0] + 100);
      assertThat(rgb[2]).as("cyan, not red: %s", Arrays.toString(rgb)).isGreaterThan(rgb[0] + 100);
    } finally {
      pipeline.model().close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Latent", "Latent (nearest-exact)", "Lanczos", "Nearest"})
  void hiresFixDoublesTheSize(String upscaler) {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, DemoVariant.standard());
    try {
      Hires hires = new Hires(2.0, 0, 0, upscaler, 4, 0.5, "", "", null, null);
      GenerationResult result = pipeline.generate(GenerationRequest.builder().prompt("green").size(64, 80).steps(6)
          .seed(3).hires(hires).build(GenerationLimits.defaults()), ProgressListener.NONE, new CancellationToken());
      Bitmap image = result.images().get(0).bitmap();
      assertThat(image.width()).isEqualTo(128);
      assertThat(image.height()).isEqualTo(160);
      assertThat(result.images().get(0).infotext()).contains("Size: 64x80, ")
          .contains("Denoising strength: 0.5, Hires upscale: 2.0, Hires steps: 4, Hires upscaler: " + upscaler);
      assertThat(result.info().width()).isEqualTo(64);
      assertThat(DemoPipelines.meanRgb(image)[1]).isGreaterThan(DemoPipelines.meanRgb(image)[0] + 20);
    } finally {
      pipeline.model().close();
    }
  }

  @Test
  void hiresPassUsesItsOwnPromptAndSampler() {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, DemoVariant.standard());
    try {
      Hires hires = new Hires(2.0, 0, 0, null, 0, 0.9, "blue", "", "Euler", "Karras");
      GenerationResult result = pipeline.generate(GenerationRequest.builder().prompt("red").size(64, 64).steps(8)
          .sampler("DPM++ 2M").seed(3).hires(hires).build(GenerationLimits.defaults()), ProgressListener.NONE,
          new CancellationToken());
      Bitmap image = result.images().get(0).bitmap();
      assertThat(DemoPipelines.meanRgb(image)[2]).isGreaterThan(DemoPipelines.meanRgb(image)[0]);
      assertThat(result.images().get(0).infotext()).contains("Denoising strength: 0.9, Hires sampler: Euler, "
          + "Hires prompt: blue, Hires upscale: 2.0, Version");
    } finally {
      pipeline.model().close();
    }
  }
}
