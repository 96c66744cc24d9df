package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.HeavyDemoPipeline;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.model.PipelineFolder;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.text.ConditionerOptions;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heavy benchmark pipeline loads like any pipeline and paints the light demo's picture. */
class HeavyDemoPipelineTest {

  @TempDir
  Path checkpoints;

  @Test
  void heavyPipelineLoadsAndPaintsTheSameColourFieldAsTheLightDemo() throws Exception {
    Path heavyDir = HeavyDemoPipeline.generateInto(checkpoints);
    Path lightDir = checkpoints.resolve("light");
    new DemoPipelineGenerator().write(lightDir, HeavyDemoPipeline.variant());
    GenerationRequest request = GenerationRequest.builder().prompt("a red apple on a blue table").negativePrompt("green")
        .size(128, 64).steps(6).seed(4321).sampler("Euler").cfgScale(7).build(GenerationLimits.defaults());

    Bitmap heavy = generate(PipelineFolder.read(heavyDir, HeavyDemoPipeline.NAME), request);
    Bitmap light = generate(PipelineFolder.read(lightDir, "light"), request);

    assertThat(heavy.width()).isEqualTo(128);
    assertThat(heavy.height()).isEqualTo(64);
    assertThat(DemoPipelines.redness(light)).isGreaterThan(20);
    byte[] h = heavy.data();
    byte[] l = light.data();
    int maxDifference = 0;
    for (int i = 0; i < h.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs((h[i] & 0xFF) - (l[i] & 0xFF)));
    }
    assertThat(maxDifference).isLessThanOrEqualTo(1);
  }

  private static Bitmap generate(PipelineFolder folder, GenerationRequest request) {
    try (LoadedPipeline loaded = LoadedPipeline.load(folder, DemoPipelines.SESSIONS)) {
      assertThat(loaded.unet().perRowTimesteps()).isTrue();
      StableDiffusionPipeline pipeline = new StableDiffusionPipeline(loaded, DemoPipelines.IDENTITY,
          new PipelineSettings(ConditionerOptions.defaults(), 16, new Random(1)));
      return pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0).bitmap();
    }
  }
}
