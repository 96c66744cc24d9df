package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.demo.DemoMath;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.infotext.InfotextParser;
import io.sdnest.inference.engine.noise.InitialNoise;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** txt2img through the real pipeline on the standard demo model, checked against its closed-form answers. */
class Txt2ImgPipelineTest extends StandardDemoPipelineTest {

  private static GenerationRequestBuilder request(String prompt) {
    return GenerationRequest.builder().prompt(prompt).size(64, 64).steps(20).seed(1234);
  }

  private static GenerationResult generate(GenerationRequestBuilder b) {
    return pipeline.generate(b.build(GenerationLimits.defaults()), ProgressListener.NONE, new CancellationToken());
  }

  /** RMS difference in bytes between the image and the ODE end point, over latent pixels (one image pixel each). */
  private static double odeEndPointError(String sampler, int steps, double cfg) {
    long seed = 77;
    Bitmap image = generate(request("a red car").sampler(sampler).steps(steps).cfgScale(cfg).seed(seed))
        .images().get(0).bitmap();
    SamplerChoice choice = SamplerCatalog.resolve(sampler, null, null);
    double sigmaT = choice.schedule(steps, pipeline.modelSigmas()).sigmas()[0];
    double scale = choice.sampler().sampler().initialNoiseScale(sigmaT);
    float[] noise = InitialNoise.create(seed, -1, 0, -1, -1, 4, 8, 8, 0).noise();
    double[] muCond = DemoPipelines.latentMean("red");
    double[] muUncond = DemoPipelines.latentMean();
    double s = DemoMath.SPREAD;
    double shrink = s / Math.sqrt(s * s + sigmaT * sigmaT);
    double sum = 0;
    for (int p = 0; p < 64; p++) {
      double[] end = new double[4];
      for (int c = 0; c < 4; c++) {
        double mu = muUncond[c] + cfg * (muCond[c] - muUncond[c]);
        end[c] = mu + (noise[c * 64 + p] * scale - mu) * shrink;
      }
      for (int ch = 0; ch < 3; ch++) {
        double d = image.get((p % 8) * 8 + 3, (p / 8) * 8 + 3, ch) - DemoPipelines.expectedByte(end, ch);
        sum += d * d;
      }
    }
    return Math.sqrt(sum / (64 * 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Euler", "Heun", "DPM2", "DPM++ 2M", "LMS", "DDIM", "PLMS", "UniPC"})
  void deterministicSamplersEndAtTheProbabilityFlowEndPoint(String sampler) {
    // bytes: truncation costs up to 1, the discretisation error on top falls like 1/steps (Euler-like samplers have
    // the largest constant; measured 8 steps: Euler 12.5, DDIM 10.9, UniPC 8.1, the others ≤ 3.5)
    double constant = List.of("Euler", "DDIM", "UniPC").contains(sampler) ? 120 : 40;
    double coarse = odeEndPointError(sampler, 8, 1.0);
    double fine = odeEndPointError(sampler, 32, 1.0);
    double guided = odeEndPointError(sampler, 32, 2.0);
    assertThat(coarse).as("%s, 8 steps", sampler).isLessThan(0.75 + constant / 8);
    assertThat(fine).as("%s, 32 steps", sampler).isLessThan(0.75 + constant / 32).isLessThan(coarse / 2.5);
    assertThat(guided).as("%s, 32 steps, cfg 2", sampler).isLessThan(0.75 + constant / 32);
  }

  @Test
  void cfgScaleStrengthensThePromptColourAndTheEmptyPromptIsGrey() {
    GenerationRequestBuilder big = request("red").size(256, 256).steps(12).sampler("DPM++ 2M");
    double strong = DemoPipelines.redness(generate(big.cfgScale(7)).images().get(0).bitmap());
    double weak = DemoPipelines.redness(generate(big.cfgScale(1.5)).images().get(0).bitmap());
    assertThat(strong).isGreaterThan(weak + 20);
    assertThat(weak).isGreaterThan(10);
    double[] grey = DemoPipelines.meanRgb(generate(request("").size(256, 256).steps(12).cfgScale(7))
        .images().get(0).bitmap());
    int greyByte = DemoPipelines.expectedByte(DemoMath.greyLatent(), 0);
    for (double channel : grey) {
      assertThat(channel).isCloseTo(greyByte, within(6.0));
    }
  }

  @Test
  void sameRequestAndSeedGiveByteIdenticalPngs() {
    GenerationRequestBuilder b = request("a blue (house:1.2)").negativePrompt("red").sampler("Euler a").steps(8);
    byte[] first = generate(b).images().get(0).encoded();
    byte[] second = generate(b).images().get(0).encoded();
    assertThat(second).isEqualTo(first);
    byte[] otherSeed = generate(b.seed(1235)).images().get(0).encoded();
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void batchAndIterationsGetConsecutiveSeedsAndSayTheirSeedInTheInfotext() {
    GenerationResult result = generate(request("green").seed(100).batch(2, 2).steps(4).cfgScale(1.5));
    assertThat(result.images()).hasSize(4);
    for (int k = 0; k < 4; k++) {
      GeneratedImage image = result.images().get(k);
      assertThat(image.seed()).isEqualTo(100 + k);
      assertThat(image.infotext()).contains("Seed: " + (100 + k) + ",");
      assertThat(ImageCodec.decode("image", image.encoded())).isEqualTo(image.bitmap());
    }
    assertThat(result.info().allSeeds()).containsExactly(100L, 101L, 102L, 103L);
    assertThat(result.info().infotexts()).hasSize(4);
    assertThat(result.images().get(0).bitmap()).isNotEqualTo(result.images().get(1).bitmap());
  }

  @Test
  void promptEditingSwitchesTheConditioningMidRun() {
    GenerationRequestBuilder b = request("x").size(128, 128).steps(20).cfgScale(5);
    double[] red = DemoPipelines.meanRgb(generate(b.prompt("red")).images().get(0).bitmap());
    double[] blue = DemoPipelines.meanRgb(generate(b.prompt("blue")).images().get(0).bitmap());
    double[] edited = DemoPipelines.meanRgb(generate(b.prompt("[red:blue:0.5]")).images().get(0).bitmap());
    assertThat(edited[0]).as("red channel").isGreaterThan(blue[0] + 2).isLessThan(red[0] - 2);
    assertThat(edited[2]).as("blue channel").isGreaterThan(red[2] + 2);
    assertThat(edited[2]).isGreaterThan(edited[0]);
  }

  @Test
  void infotextOfAGeneratedPngParsesBackToTheRequest() {
    GenerationResult result = generate(request("a red car <lora:detail:0.8>").negativePrompt("blurry, grey")
        .sampler("DPM++ 2M").cfgScale(6.5).steps(5).seed(42).clipSkip(2));
    GeneratedImage image = result.images().get(0);
    String text = io.sdnest.inference.engine.image.EmbeddedInfo.class.getSimpleName().isEmpty() ? null
        : image.infotext();
    Map<String, Object> parsed = InfotextParser.parse(text);
    assertThat(parsed).containsEntry("Prompt", "a red car <lora:detail:0.8>")
        .containsEntry("Negative prompt", "blurry, grey")
        .containsEntry("Steps", "5")
        .containsEntry("Sampler", "DPM++ 2M")
        .containsEntry("Schedule type", "Karras")
        .containsEntry("CFG scale", "6.5")
        .containsEntry("Seed", "42")
        .containsEntry("Size-1", "64")
        .containsEntry("Size-2", "64")
        .containsEntry("Model hash", "0123abcdef")
        .containsEntry("Model", "sdnest-demo")
        .containsEntry("Clip skip", "2")
        .containsEntry("Extra networks not applied", "<lora:detail:0.8>")
        .containsEntry("Version", StableDiffusionPipeline.VERSION);
    assertThat(new String(image.encoded(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("parameters\0" + image.infotext());
    assertThat(result.info().extraGenerationParams()).containsEntry("Schedule type", "Karras")
        .containsEntry("Extra networks not applied", "<lora:detail:0.8>");
    assertThat(result.info().clipSkip()).isEqualTo(2);
  }

  @Test
  void infotextMatchesA1111sLayoutForEulerA() {
    GenerationResult result = generate(request("a photo of a cat").negativePrompt("blurry, lowres")
        .sampler("Euler a").seed(1234).steps(3));
    assertThat(result.images().get(0).infotext()).isEqualTo("a photo of a cat\nNegative prompt: blurry, lowres\n"
        + "Steps: 3, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0, Seed: 1234, Size: 64x64, "
        + "Model hash: 0123abcdef, Model: sdnest-demo, Version: " + StableDiffusionPipeline.VERSION);
  }

  @Test
  void interruptStopsAtAStepBoundaryAndReturnsTheBatchInProgress() {
    CancellationToken cancel = new CancellationToken();
    List<Integer> steps = new ArrayList<>();
    ProgressListener listener = p -> {
      steps.add(p.step());
      if (p.step() == 3) {
        cancel.interrupt();
      }
    };
    GenerationResult result = pipeline.generate(request("red").sampler("Heun").steps(10).batch(2, 3)
        .build(GenerationLimits.defaults()), listener, cancel);
    assertThat(result.interrupted()).isTrue();
    assertThat(steps).containsExactly(1, 2, 3);
    assertThat(result.images()).hasSize(2);
  }

  @Test
  void skipEndsOnlyTheCurrentBatch() {
    CancellationToken cancel = new CancellationToken();
    List<String> seen = new ArrayList<>();
    ProgressListener listener = p -> {
      seen.add(p.batch() + ":" + p.step());
      if (p.batch() == 0 && p.step() == 2) {
        cancel.skip();
      }
    };
    GenerationResult result = pipeline.generate(request("red").steps(4).batch(1, 2)
        .build(GenerationLimits.defaults()), listener, cancel);
    assertThat(result.interrupted()).isFalse();
    assertThat(result.images()).hasSize(2);
    assertThat(seen).containsExactly("0:1", "0:2", "1:1", "1:2", "1:3", "1:4");
  }

  @Test
  void progressCarriesPreviewsEveryNSteps() {
    List<Progress> seen = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void onStep(Progress progress) {
        seen.add(progress);
      }

      @Override
      public int previewEvery() {
        return 2;
      }
    };
    pipeline.generate(request("red").steps(5).build(GenerationLimits.defaults()), listener, new CancellationToken());
    assertThat(seen).extracting(Progress::step).containsExactly(1, 2, 3, 4, 5);
    assertThat(seen).extracting(p -> p.preview() != null).containsExactly(false, true, false, true, true);
    assertThat(seen.get(1).preview().width()).isEqualTo(8);
  }

  @Test
  void aPromptLongerThanTheLimitIsRefusedNamingTheField() {
    String longPrompt = "red ".repeat(700);
    assertThatThrownBy(() -> generate(request(longPrompt)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("prompt"));
  }
}
