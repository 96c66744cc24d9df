package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A1111's eta_noise_seed_delta: it moves the sampler's own noise to seed + ENSD and is named in the infotext. */
class EtaNoiseSeedDeltaPipelineTest extends StandardDemoPipelineTest {

  private static GeneratedImage generate(String sampler, long ensd, Double eta) {
    GenerationRequest request = GenerationRequest.builder().prompt("a car").cfgScale(2).size(64, 64).steps(8).seed(77)
        .sampler(sampler).samplerParameters(eta, null, null, null, null).etaNoiseSeedDelta(ensd)
        .build(GenerationLimits.defaults());
    return pipeline.generate(request, ProgressListener.NONE, new CancellationToken()).images().get(0);
  }

  @Test
  void ancestralSamplersDrawTheirStepNoiseFromSeedPlusEnsd() {
    GeneratedImage plain = generate("Euler a", 0, null);
    GeneratedImage shifted = generate("Euler a", 31337, null);
    assertThat(Arrays.equals(shifted.bitmap().data(), plain.bitmap().data())).isFalse();
    assertThat(shifted.infotext()).contains(", ENSD: 31337").contains("Seed: 77,");
    assertThat(plain.infotext()).doesNotContain("ENSD");
    assertThat(Arrays.equals(generate("Euler a", 31337, null).encoded(), shifted.encoded())).isTrue();
  }

  @Test
  void deterministicSamplersAreUnchangedAndTheInfotextLeavesEnsdOut() {
    GeneratedImage plain = generate("Euler", 0, null);
    GeneratedImage shifted = generate("Euler", 31337, null);
    assertThat(Arrays.equals(shifted.bitmap().data(), plain.bitmap().data())).isTrue();
    assertThat(shifted.infotext()).doesNotContain("ENSD");
  }

  @Test
  void etaZeroLeavesEnsdOutOfTheInfotext() {
    assertThat(generate("Euler a", 31337, 0.0).infotext()).doesNotContain("ENSD");
  }

  @Test
  void brownianNoiseSamplersKeepThePlainImageSeedAsA1111Does() {
    GeneratedImage plain = generate("DPM++ 2M SDE", 0, null);
    GeneratedImage shifted = generate("DPM++ 2M SDE", 31337, null);
    assertThat(Arrays.equals(shifted.bitmap().data(), plain.bitmap().data())).isTrue();
    assertThat(shifted.infotext()).doesNotContain("ENSD");
  }
}
