package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class LatentResizeTest {

  private static FloatTensor ramp() {
    // [1, 1, 2, 4]: rows 0..3 and 10..13
    return new FloatTensor(new float[] {0, 1, 2, 3, 10, 11, 12, 13}, new long[] {1, 1, 2, 4});
  }

  @Test
  void nearestModesPickSourcePixelsLikeTorch() {
    FloatTensor t = new FloatTensor(new float[] {0, 1, 2}, new long[] {1, 3});
    assertThat(LatentResize.interpolate(t, 1, 5, LatentResize.Mode.NEAREST, false).data())
        .containsExactly(0, 0, 1, 1, 2); // floor(i * 0.6)
    assertThat(LatentResize.interpolate(t, 1, 5, LatentResize.Mode.NEAREST_EXACT, false).data())
        .containsExactly(0, 0, 1, 2, 2); // floor((i + 0.5) * 0.6)
  }

  @Test
  void bilinearDoublingMatchesTorchAlignCornersFalse() {
    FloatTensor up = LatentUpscaleMode.LATENT.resize(ramp(), 4, 8);
    assertThat(up.shape()).containsExactly(1, 1, 4, 8);
    // row 0 of torch.nn.functional.interpolate(x, (4, 8), mode="bilinear"): src = (i + 0.5) / 2 - 0.5 clamped at 0
    assertThat(up.data()).startsWith(0f, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3f);
    // row 1 sits at source row 0.25
    assertThat(up.data()[8]).isCloseTo(2.5f, within(1e-6f));
  }

  @Test
  void everyModeKeepsAConstantLatentConstant() {
    float[] data = new float[4 * 8 * 8];
    java.util.Arrays.fill(data, 0.75f);
    FloatTensor c = new FloatTensor(data, new long[] {4, 8, 8});
    for (LatentUpscaleMode m : LatentUpscaleMode.values()) {
      FloatTensor out = m.resize(c, 16, 12);
      assertThat(out.shape()).containsExactly(4, 16, 12);
      for (float v : out.data()) {
        assertThat(v).as(m.title()).isCloseTo(0.75f, within(1e-5f));
      }
    }
  }

  @Test
  void bicubicUsesTorchsKeysKernelWithAMinus075() {
    float[] data = new float[16];
    for (int i = 0; i < 16; i++) {
      data[i] = i % 4;
    }
    FloatTensor out = LatentUpscaleMode.LATENT_BICUBIC.resize(new FloatTensor(data, new long[] {4, 4}), 4, 8);
    // column 3 samples x = 1.25 (t = 0.25, taps 0..3). Keys weights with a = -0.75 at distances 1.25, 0.25, 0.75,
    // 1.75 are -0.10546875, 0.87890625, 0.26171875, -0.03515625 (sum 1), so the ramp 0,1,2,3 gives 1.296875
    // (a = -0.75 does not reproduce lines; PIL's a = -0.5 would give 1.25). Column 4 mirrors it: 3 - 1.296875.
    assertThat(out.data()[3]).isCloseTo(1.296875f, within(1e-5f));
    assertThat(out.data()[4]).isCloseTo(1.703125f, within(1e-5f));
  }

  @Test
  void modesAreListedWithA1111Names() {
    assertThat(LatentUpscaleMode.titles()).containsExactly("Latent", "Latent (antialiased)", "Latent (bicubic)",
        "Latent (bicubic antialiased)", "Latent (nearest)", "Latent (nearest-exact)");
    assertThat(LatentUpscaleMode.byTitle("Lanczos")).isEmpty();
  }
}
