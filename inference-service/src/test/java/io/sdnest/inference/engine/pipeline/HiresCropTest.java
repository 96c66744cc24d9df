package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import org.junit.jupiter.api.Test;

/** The hires fix with hr_resize_x and hr_resize_y at another aspect: A1111's cover-then-crop, in latent space. */
class HiresCropTest extends StandardDemoPipelineTest {

  private static Hires resize(int x, int y, String upscaler) {
    return new Hires(2.0, x, y, upscaler, 3, 0.6, "", "", null, null);
  }

  @Test
  void theUpscaleCoversTheRequestedSizeAndTheLatentIsCutBackToIt() {
    // A1111's calculate_target_resolution, worked by hand
    Hires wide = resize(1024, 768, null);
    assertThat(wide.upscaleSize(512, 512)).containsExactly(1024, 1024);
    assertThat(wide.latentCrop(512, 512)).containsExactly(0, 32);
    assertThat(wide.targetSize(512, 512)).containsExactly(1024, 768);
    Hires odd = resize(1000, 600, null);
    assertThat(odd.upscaleSize(512, 768)).containsExactly(1000, 1500);
    assertThat(odd.latentCrop(512, 768)).containsExactly(0, 112);
    assertThat(odd.targetSize(512, 768)).containsExactly(1000, 600);
    Hires tall = resize(512, 640, null);
    assertThat(tall.upscaleSize(640, 512)).containsExactly(800, 640);
    assertThat(tall.latentCrop(640, 512)).containsExactly(36, 0);
    assertThat(tall.targetSize(640, 512)).containsExactly(512, 640);
    assertThat(resize(1024, 1024, null).latentCrop(512, 512)).containsExactly(0, 0);
    assertThat(resize(1024, 0, null).targetSize(512, 256)).containsExactly(1024, 512);
  }

  @Test
  void theCropTakesHalfTheCutRoundedDownFromTheTopAndLeft() {
    // one channel, 5 rows × 4 columns holding 10·row + column
    float[] latent = new float[20];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 4; x++) {
        latent[y * 4 + x] = 10 * y + x;
      }
    }
    float[] cropped = LatentCrop.crop(latent, 1, 5, 4, 1, 3);
    assertThat(cropped).containsExactly(10, 11, 12, 20, 21, 22);
  }

  @Test
  void aHiresPassAtAnotherAspectEndsAtTheRequestedSize() {
    for (String upscaler : new String[] {"Latent", "Lanczos"}) {
      GeneratedImage image = pipeline.generate(GenerationRequest.builder().prompt("red").size(64, 64).steps(3).seed(3)
          .hires(resize(128, 96, upscaler)).build(GenerationLimits.defaults()), ProgressListener.NONE,
          new CancellationToken()).images().get(0);
      assertThat(image.bitmap().width()).as(upscaler).isEqualTo(128);
      assertThat(image.bitmap().height()).as(upscaler).isEqualTo(96);
      assertThat(image.infotext()).contains("Size: 64x64,").contains("Hires resize: 128x96");
    }
  }
}
