package io.sdnest.inference.engine.infotext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfotextBuilderTest {

  private static InfotextBuilder catRequest() {
    return new InfotextBuilder()
        .prompt("a photo of a cat")
        .negativePrompt("blurry, lowres")
        .steps(20)
        .sampler("Euler a")
        .scheduleType("Automatic")
        .cfgScale(7.0)
        .seed(1234)
        .size(512, 512)
        .modelHash("6ce0161689")
        .model("v1-5-pruned-emaonly")
        .version("v1.10.1");
  }

  @Test
  void referenceExampleTxt2imgIsByteForByte() {
    assertThat(catRequest().build()).isEqualTo("""
        a photo of a cat
        Negative prompt: blurry, lowres
        Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0, Seed: 1234, Size: 512x512, \
        Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1""");
  }

  @Test
  void referenceExampleHiresLineIsByteForByte() {
    String text = catRequest()
        .sampler("DPM++ 2M")
        .scheduleType("Karras")
        .denoisingStrength(0.7)
        .extra("Hires prompt", null)
        .extra("Hires negative prompt", null)
        .extra("Hires schedule type", null)
        .extra("Hires upscale", 2.0)
        .extra("Hires upscaler", "Latent")
        .build();
    assertThat(text.substring(text.lastIndexOf('\n') + 1)).isEqualTo(
        "Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.0, Seed: 1234, Size: 512x512, "
            + "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.7, Hires upscale: 2.0, "
            + "Hires upscaler: Latent, Version: v1.10.1");
  }

  @Test
  void emptyNegativePromptOmitsItsLine() {
    assertThat(catRequest().negativePrompt("").build())
        .startsWith("a photo of a cat\nSteps: 20, ");
  }

  @Test
  void valuesWithCommaColonOrNewlineAreJsonQuoted() {
    String text = catRequest().extra("Lora hashes", "add_detail: 7c6bad76eb54").extra("Note", "a \"b\"").build();
    assertThat(text).contains("Lora hashes: \"add_detail: 7c6bad76eb54\", Note: a \"b\", Version");
  }

  @Test
  void quotedValueEscapesLikePythonJsonWithoutAsciiEscaping() {
    assertThat(InfotextFormat.quote("é, \"x\"\n\\")).isEqualTo("\"é, \\\"x\\\"\\n\\\\\"");
  }

  @Test
  void pairWhoseValueEqualsKeyIsWrittenAsKey() {
    assertThat(catRequest().extra("Flag", "Flag").build()).contains("v1-5-pruned-emaonly, Flag, Version");
  }

  @Test
  void optionalKeysAppearInA1111OrderOnlyWhenTheirConditionHolds() {
    String line = catRequest()
        .clipSkip(2)
        .variation(99, 0.25)
        .seedResizeFrom(640, 480)
        .tiling(true)
        .rng("CPU")
        .faceRestoration("CodeFormer")
        .build();
    assertThat(line).contains("Seed: 1234, Face restoration: CodeFormer, Size: 512x512, Model hash: 6ce0161689, "
        + "Model: v1-5-pruned-emaonly, Variation seed: 99, Variation seed strength: 0.25, Seed resize from: 640x480, "
        + "Clip skip: 2, RNG: CPU, Tiling: True, Version: v1.10.1");
    assertThat(catRequest().clipSkip(1).variation(5, 0.0).rng("GPU").build()).doesNotContain("Clip skip", "Variation",
        "RNG");
  }

  @Test
  void floatsPrintLikePythonRepr() {
    assertThat(PyValues.floatRepr(7.0)).isEqualTo("7.0");
    assertThat(PyValues.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PyValues.floatRepr(1e-5)).isEqualTo("1e-05");
    assertThat(PyValues.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PyValues.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(PyValues.floatRepr(123456789012345.6)).isEqualTo("123456789012345.6");
    assertThat(PyValues.floatRepr(-2.5)).isEqualTo("-2.5");
    assertThat(PyValues.str(3)).isEqualTo("3");
    assertThat(PyValues.str(true)).isEqualTo("True");
  }
}
