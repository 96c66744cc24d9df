package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GenerationRequestBuilderTest {

  private static final GenerationLimits LIMITS = new GenerationLimits(100, 1024, 16, 4);

  @Test
  void defaultsAreA1111sApiDefaults() {
    GenerationRequest r = GenerationRequest.builder().build(LIMITS);
    assertThat(r.sampling().steps()).isEqualTo(50);
    assertThat(r.sampling().cfgScale()).isEqualTo(7.0);
    assertThat(r.sampling().samplerName()).isEqualTo("Euler");
    assertThat(r.size()).isEqualTo(new GenerationRequest.Size(512, 512, 1, 1));
    assertThat(r.seeds().seed()).isEqualTo(-1);
    assertThat(r.img2img()).isNull();
    assertThat(r.hires()).isNull();
  }

  static Stream<Arguments> badRequests() {
    Bitmap image = Bitmap.blank(64, 64, 3);
    return Stream.of(
        bad("steps", b -> b.steps(0), "between 1 and 100"),
        bad("steps", b -> b.steps(101), "between 1 and 100"),
        bad("width", b -> b.size(500, 512), "multiple of 8"),
        bad("height", b -> b.size(512, 2048), "and 1024"),
        bad("cfg_scale", b -> b.cfgScale(Double.NaN), "between 1 and 30"),
        bad("batch_size", b -> b.batch(5, 4), "at most 16"),
        bad("sampler_name", b -> b.sampler("Nope"), "Euler a"),
        bad("scheduler", b -> b.scheduler("Sideways"), "Karras"),
        bad("denoising_strength", b -> b.img2img(List.of(image), 1.5), "between 0 and 1"),
        bad("init_images", b -> b.img2img(List.of(), 0.5), "Init image not found"),
        bad("init_images", b -> b.batch(2, 1).img2img(List.of(image, image, image), 0.5), "expecting 2 or less"),
        bad("resize_mode", b -> b.img2img(new Img2Img(List.of(image), 7, 0.5, null, 4, 4, true, 0, true, 0, false,
            1.0)), "latent upscale"),
        bad("mask", b -> b.img2img(new Img2Img(List.of(image), 0, 0.5, Bitmap.blank(32, 32, 1), 4, 4, true, 0, true,
            0, false, 1.0)), "same size"),
        bad("hr_upscaler", b -> b.size(64, 64).hires(new Hires(2, 0, 0, "ESRGAN", 0, 0.5, "", "", null, null)),
            "Lanczos"),
        bad("hr_scale", b -> b.hires(new Hires(4, 0, 0, null, 0, 0.5, "", "", null, null)), "1024"),
        bad("hr_sampler_name", b -> b.size(64, 64).hires(new Hires(2, 0, 0, null, 0, 0.5, "", "", "Fast", null)),
            "valid"),
        bad("CLIP_stop_at_last_layers", b -> b.clipSkip(0), "between 1 and 12"));
  }

  private static Arguments bad(String field, UnaryOperator<GenerationRequestBuilder> change, String allowed) {
    return Arguments.of(field, change, allowed);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badRequests")
  void badValuesAreRefusedNamingTheFieldAndTheAllowedValues(String field, UnaryOperator<GenerationRequestBuilder> change,
      String allowed) {
    assertThatThrownBy(() -> change.apply(GenerationRequest.builder()).build(LIMITS))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(allowed)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field));
  }

  @Test
  void fewerInitImagesThanTheBatchLowerTheBatchSizeAsA1111Does() {
    Bitmap image = Bitmap.blank(64, 64, 3);
    GenerationRequest request = GenerationRequest.builder().size(64, 64).batch(4, 1)
        .img2img(List.of(image, image), 0.5).build(GenerationLimits.defaults());
    assertThat(request.size().batchSize()).isEqualTo(2);
    GenerationRequest single = GenerationRequest.builder().size(64, 64).batch(4, 1)
        .img2img(List.of(image), 0.5).build(GenerationLimits.defaults());
    assertThat(single.size().batchSize()).isEqualTo(4);
  }

  @Test
  void legacyCombinedSamplerNamesAreAccepted() {
    assertThat(GenerationRequest.builder().sampler("DPM++ 2M Karras").build(LIMITS).sampling().samplerName())
        .isEqualTo("DPM++ 2M Karras");
  }
}
