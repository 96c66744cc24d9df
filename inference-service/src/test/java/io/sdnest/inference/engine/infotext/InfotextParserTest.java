package io.sdnest.inference.engine.infotext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InfotextParserTest {

  private static final String CAT = """
      a photo of a cat
      Negative prompt: blurry, lowres
      Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0, Seed: 1234, Size: 512x512, \
      Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1""";

  @Test
  void referenceExampleParsesToTheDocumentedDictInOrder() throws Exception {
    String expected = """
        {"Steps":"20","Sampler":"Euler a","Schedule type":"Automatic","CFG scale":"7.0","Seed":"1234","Size-1":"512","Size-2":"512",
         "Model hash":"6ce0161689","Model":"v1-5-pruned-emaonly","Version":"v1.10.1","Prompt":"a photo of a cat","Negative prompt":"blurry, lowres",
         "Clip skip":"1","Hires resize-1":0,"Hires resize-2":0,"Hires sampler":"Use same sampler","Hires schedule type":"Use same scheduler",
         "Hires checkpoint":"Use same checkpoint","Hires prompt":"","Hires negative prompt":"","Mask mode":"Inpaint masked",
         "Masked content":"original","Inpaint area":"Whole picture","Masked area padding":32,"RNG":"GPU","Schedule max sigma":0,
         "Schedule min sigma":0,"Schedule rho":0,"VAE Encoder":"Full","VAE Decoder":"Full","FP8 weight":"Disable",
         "Refiner switch by sampling steps":false}""".replace("\n ", "");
    assertThat(new ObjectMapper().writeValueAsString(InfotextParser.parse(CAT))).isEqualTo(expected);
  }

  @Test
  void emptyInfotextStillGetsPromptsAndDefaults() {
    Map<String, Object> p = InfotextParser.parse("");
    assertThat(p).containsEntry("Prompt", "").containsEntry("Negative prompt", "").containsEntry("Clip skip", "1")
        .containsEntry("Masked area padding", 32);
  }

  @Test
  void lastLineWithFewerThanThreePairsBelongsToThePrompt() {
    Map<String, Object> p = InfotextParser.parse("a cat\nStyle: oil, Mood: calm");
    assertThat(p.get("Prompt")).isEqualTo("a cat\nStyle: oil, Mood: calm");
    assertThat(p).doesNotContainKey("Style");
  }

  @Test
  void quotedValuesAreUnquotedAndMultilinePromptsKept() {
    Map<String, Object> p = InfotextParser.parse("line one\nline two\nNegative prompt: bad\nworse\n"
        + "Steps: 5, Sampler: Euler, Lora hashes: \"add_detail: 7c6bad76eb54, x: \\\"y\\\"\"");
    assertThat(p).containsEntry("Prompt", "line one\nline two").containsEntry("Negative prompt", "bad\nworse")
        .containsEntry("Lora hashes", "add_detail: 7c6bad76eb54, x: \"y\"");
  }

  @Test
  void unquotedValueInQuotesLosesThemLikeA1111() {
    String text = new InfotextBuilder().prompt("p").steps(1).sampler("Euler").cfgScale(7.0).seed(1).size(8, 8)
        .extra("Note", "\"x\"").build();
    assertThat(text).endsWith("Note: \"x\"");
    assertThat(InfotextParser.parse(text)).containsEntry("Note", "x");
  }

  @Test
  void emphasisDefaultOnlyWhenThePromptUsesEmphasis() {
    assertThat(InfotextParser.parse("a (cat)\nSteps: 1, Sampler: Euler, Seed: 1")).containsEntry("Emphasis",
        "Original");
    assertThat(InfotextParser.parse("a \\(cat\\) (dog:1.0)\nSteps: 1, Sampler: Euler, Seed: 1"))
        .doesNotContainKey("Emphasis");
    assertThat(InfotextParser.parse("a cat\nNegative prompt: [ugly]\nSteps: 1, Sampler: Euler, Seed: 1"))
        .containsKey("Emphasis");
  }

  @Test
  void oldVersionsGetBackcompatFlags() {
    Map<String, Object> p = InfotextParser.parse("a [b:c:5]\nSteps: 1, Sampler: DDIM, Seed: 1, Version: v1.5.1");
    assertThat(p).containsEntry("Old prompt editing timelines", true).containsEntry("Pad conds v0", true)
        .containsEntry("Downcast alphas_cumprod", true);
    assertThat(InfotextParser.parse("a\nSteps: 1, Sampler: DDIM, Seed: 1, Version: v1.7.0-225"))
        .doesNotContainKey("Downcast alphas_cumprod");
    assertThat(InfotextParser.parse("a\nSteps: 1, Sampler: DDIM, Seed: 1, Version: sdnest-0.1.0"))
        .doesNotContainKey("Downcast alphas_cumprod");
  }

  @Test
  void everyBuiltInfotextRoundTrips() {
    Random r = new Random(42);
    String[] words = {"cat", "dog, red", "a:b", "say \"hi\" now", "é ü 漢字", "(emph:1.2)", "x\\y", "BREAK", "  "};
    for (int n = 0; n < 500; n++) {
      String prompt = phrase(r, words);
      String negative = r.nextBoolean() ? "" : phrase(r, words);
      InfotextBuilder b = new InfotextBuilder().prompt(prompt).negativePrompt(negative).steps(1 + r.nextInt(150))
          .sampler(r.nextBoolean() ? "Euler a" : "DPM++ 2M").scheduleType(r.nextBoolean() ? "Automatic" : "Karras")
          .cfgScale(r.nextInt(300) / 10.0).seed(r.nextLong() & 0xFFFFFFFFL).size(8 * (1 + r.nextInt(256)),
              8 * (1 + r.nextInt(256)))
          .modelHash("6ce0161689").model("model, v2: final").clipSkip(1 + r.nextInt(3))
          .variation(r.nextInt(1000), r.nextBoolean() ? 0.0 : r.nextDouble())
          .extra("Hires upscaler", phrase(r, words).strip().isEmpty() ? "Latent" : phrase(r, words).strip())
          .version("v1.10.1");
      String text = b.build();
      Map<String, Object> parsed = InfotextParser.parse(text);
      Map<String, String> expected = new LinkedHashMap<>();
      b.params().forEach((k, v) -> {
        if (v != null) {
          String s = PyValues.str(v);
          if (s.matches("\\d+x\\d+")) {
            expected.put(k + "-1", s.substring(0, s.indexOf('x')));
            expected.put(k + "-2", s.substring(s.indexOf('x') + 1));
          } else {
            expected.put(k, s);
          }
        }
      });
      assertThat(parsed).as(text).containsAllEntriesOf(expected);
      assertThat(parsed.get("Prompt")).as(text).isEqualTo(normalise(prompt));
      assertThat(parsed.get("Negative prompt")).as(text).isEqualTo(normalise(negative));
    }
  }

  /** The parser strips each prompt line; A1111's round trip has the same limit. */
  private static String normalise(String s) {
    return String.join("\n", s.strip().lines().map(String::strip).toList());
  }

  private static String phrase(Random r, String[] words) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      sb.append(words[r.nextInt(words.length)]).append(r.nextInt(4) == 0 ? "\n" : " ");
    }
    return sb.toString().strip().replaceAll("\n+", "\n");
  }

  @Test
  void generationInfoSerialisesInReferenceOrderWithPythonSeparators() throws Exception {
    GenerationInfo info = new GenerationInfo("p", List.of("p"), "", List.of(""), 1234, List.of(1234L), 99,
        List.of(99L), 0, 512, 512, "Euler a", 7.0, 20, 1, false, null, "v1-5-pruned-emaonly", "6ce0161689", null, null,
        -1, -1, null, Map.of("Schedule type", "Karras"), 0, List.of("p\nSteps: 20"), List.of(), "20240101120000", 1,
        false, "v1.10.1");
    String json = info.toJson();
    assertThat(json).startsWith("{\"prompt\": \"p\", \"all_prompts\": [\"p\"], \"negative_prompt\": \"\", ")
        .contains("\"cfg_scale\": 7.0, \"steps\": 20")
        .contains("\"face_restoration_model\": null")
        .endsWith("\"is_using_inpainting_conditioning\": false, \"version\": \"v1.10.1\"}");
    List<String> keys = List.copyOf(((Map<?, ?>) new ObjectMapper().readValue(json, LinkedHashMap.class)).keySet()
        .stream().map(Object::toString).toList());
    assertThat(keys).containsExactly("prompt", "all_prompts", "negative_prompt", "all_negative_prompts", "seed",
        "all_seeds", "subseed", "all_subseeds", "subseed_strength", "width", "height", "sampler_name", "cfg_scale",
        "steps", "batch_size", "restore_faces", "face_restoration_model", "sd_model_name", "sd_model_hash",
        "sd_vae_name", "sd_vae_hash", "seed_resize_from_w", "seed_resize_from_h", "denoising_strength",
        "extra_generation_params", "index_of_first_image", "infotexts", "styles", "job_timestamp", "clip_skip",
        "is_using_inpainting_conditioning", "version");
  }
}
