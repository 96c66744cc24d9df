package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** img2img and inpainting through the real pipeline on the demo model. */
class Img2ImgPipelineTest extends StandardDemoPipelineTest {

  static GenerationResult generate(StableDiffusionPipeline p, GenerationRequestBuilder b) {
    return p.generate(b.build(GenerationLimits.defaults()), ProgressListener.NONE, new CancellationToken());
  }

  static GenerationRequestBuilder request() {
    return GenerationRequest.builder().prompt("red").size(64, 64).steps(20).seed(99).cfgScale(7);
  }

  static Img2Img inpaint(Bitmap init, Bitmap mask, int fill, boolean fullRes, int padding) {
    return new Img2Img(List.of(init), 0, 0.8, mask, 0, 0, true, fill, fullRes, padding, false, 1.0);
  }

  static double meanAbsDiff(Bitmap a, Bitmap b) {
    double sum = 0;
    for (int i = 0; i < a.data().length; i++) {
      sum += Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
    }
    return sum / a.data().length;
  }

  /** White on the left half. */
  static Bitmap leftHalfMask(int w, int h) {
    Bitmap m = Bitmap.blank(w, h, 1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w / 2; x++) {
        m.set(x, y, 0, 255);
      }
    }
    return m;
  }

  @Test
  void denoisingStrengthZeroReturnsTheInitImage() {
    Bitmap init = DemoPipelines.blocky(64, 64, 5);
    Bitmap out = generate(pipeline, request().cfgScale(1.5).img2img(List.of(init), 0.0)).images().get(0).bitmap();
    // A1111 still runs one step at the smallest sigma (0.029): noise and prompt pull of that size remain
    assertThat(meanAbsDiff(out, init)).isLessThan(3.0);
    for (int i = 0; i < out.data().length; i++) {
      assertThat(Math.abs((out.data()[i] & 0xFF) - (init.data()[i] & 0xFF))).isLessThan(20);
    }
  }

  @Test
  void denoisingStrengthOneIgnoresTheInitImage() {
    Bitmap dark = Bitmap.filled(64, 64, 30, 30, 30);
    Bitmap light = Bitmap.filled(64, 64, 230, 230, 230);
    Bitmap fromDark = generate(pipeline, request().cfgScale(2).img2img(List.of(dark), 1.0)).images().get(0).bitmap();
    Bitmap fromLight = generate(pipeline, request().cfgScale(2).img2img(List.of(light), 1.0)).images().get(0)
        .bitmap();
    assertThat(meanAbsDiff(dark, light)).isEqualTo(200.0);
    assertThat(meanAbsDiff(fromDark, fromLight)).isLessThan(10.0);
    Bitmap halfway = generate(pipeline, request().cfgScale(2).img2img(List.of(light), 0.5)).images().get(0).bitmap();
    assertThat(meanAbsDiff(halfway, light)).isLessThan(meanAbsDiff(fromLight, light) - 10);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void resizeModesProduceTheRequestedSize(int mode) {
    Bitmap init = DemoPipelines.blocky(96, 64, 3);
    GenerationResult result = generate(pipeline, request().steps(6)
        .img2img(new Img2Img(List.of(init), mode, 0.6, null, 4, 4, true, 0, true, 0, false, 1.0)));
    Bitmap out = result.images().get(0).bitmap();
    assertThat(out.width()).isEqualTo(64);
    assertThat(out.height()).isEqualTo(64);
    assertThat(result.images().get(0).infotext()).contains("Denoising strength: 0.6");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void inpaintingKeepsUnmaskedPixelsExactly(int fill) {
    Bitmap init = DemoPipelines.blocky(64, 64, 11);
    GenerationResult result = generate(pipeline, request().img2img(inpaint(init, leftHalfMask(64, 64), fill, false, 0)));
    Bitmap out = result.images().get(0).bitmap();
    int changed = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        for (int c = 0; c < 3; c++) {
          if (x >= 32) {
            assertThat(out.get(x, y, c)).as("unmasked pixel %d,%d", x, y).isEqualTo(init.get(x, y, c));
          } else if (out.get(x, y, c) != init.get(x, y, c)) {
            changed++;
          }
        }
      }
    }
    assertThat(changed).as("masked pixels repainted").isGreaterThan(32 * 64);
    assertThat(DemoPipelines.redness(out.crop(0, 0, 32, 64))).isGreaterThan(DemoPipelines.redness(init.crop(0, 0, 32,
        64)) + 20);
  }

  @Test
  void onlyMaskedInpaintingRepaintsTheCropAndKeepsTheRest() {
    Bitmap init = DemoPipelines.blocky(128, 128, 12);
    Bitmap mask = Bitmap.blank(128, 128, 1);
    for (int y = 40; y < 72; y++) {
      for (int x = 48; x < 80; x++) {
        mask.set(x, y, 0, 255);
      }
    }
    GenerationResult result = generate(pipeline, request().img2img(inpaint(init, mask, 1, true, 8)));
    Bitmap out = result.images().get(0).bitmap();
    assertThat(out.width()).isEqualTo(128);
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        if (mask.get(x, y, 0) == 0) {
          for (int c = 0; c < 3; c++) {
            assertThat(out.get(x, y, c)).isEqualTo(init.get(x, y, c));
          }
        }
      }
    }
    assertThat(DemoPipelines.redness(out.crop(48, 40, 80, 72))).isGreaterThan(
        DemoPipelines.redness(init.crop(48, 40, 80, 72)) + 20);
    assertThat(result.images().get(0).infotext()).contains("Inpaint area: Only masked, Masked area padding: 8");
  }

  @Test
  void inpaintingUnetGetsTheNineChannelConditioningAndKeepsUnmaskedPixels(@TempDir Path other) {
    StableDiffusionPipeline inpainting = DemoPipelines.load(other, DemoVariant.standard().withInpainting(true));
    try {
      Bitmap init = DemoPipelines.blocky(64, 64, 13);
      GenerationResult result = generate(inpainting, request().img2img(inpaint(init, leftHalfMask(64, 64), 1, false,
          0)));
      Bitmap out = result.images().get(0).bitmap();
      assertThat(out.crop(32, 0, 64, 64)).isEqualTo(init.crop(32, 0, 64, 64));
      assertThat(result.info().isUsingInpaintingConditioning()).isTrue();
      assertThat(result.images().get(0).infotext()).contains("Conditional mask weight: 1.0");
      assertThat(generate(inpainting, request().steps(4)).images()).hasSize(1);
    } finally {
      inpainting.model().close();
    }
  }

  @Test
  void aMaskOfAnotherSizeIsRefused() {
    Bitmap init = DemoPipelines.blocky(64, 64, 1);
    assertThatThrownBy(() -> request().img2img(inpaint(init, leftHalfMask(32, 64), 1, false, 0))
        .build(GenerationLimits.defaults()))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("mask"));
  }
}
