package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MasksTest {

  private static Bitmap maskWithRect(int w, int h, int x1, int y1, int x2, int y2) {
    Bitmap m = Bitmap.blank(w, h, 1);
    for (int y = y1; y < y2; y++) {
      for (int x = x1; x < x2; x++) {
        m.set(x, y, 0, 255);
      }
    }
    return m;
  }

  @Test
  void cropRegionIsTheBoundingBoxGrownByPaddingAndClipped() {
    Bitmap m = maskWithRect(512, 512, 300, 10, 400, 42);
    assertThat(Masks.cropRegion(m, 0)).contains(new CropRegion(300, 10, 400, 42));
    assertThat(Masks.cropRegion(m, 32)).contains(new CropRegion(268, 0, 432, 74));
    assertThat(Masks.cropRegion(Bitmap.blank(8, 8, 1), 4)).isEmpty();
  }

  @Test
  void expandCropRegionMatchesA1111Docstring() {
    // "if user drew mask in a 128x32 region, and the dimensions for processing are 512x512, the region will be
    // expanded to 128x128"
    CropRegion r = Masks.expandCropRegion(new CropRegion(100, 200, 228, 232), 512, 512, 1024, 1024);
    assertThat(r).isEqualTo(new CropRegion(100, 152, 228, 280));
    // at the bottom edge the region is shifted up rather than cut
    CropRegion bottom = Masks.expandCropRegion(new CropRegion(0, 1000, 128, 1024), 512, 512, 1024, 1024);
    assertThat(bottom).isEqualTo(new CropRegion(0, 896, 128, 1024));
    // a tall region widens; at the left edge it shifts right
    CropRegion left = Masks.expandCropRegion(new CropRegion(0, 0, 10, 100), 512, 256, 1024, 1024);
    assertThat(left).isEqualTo(new CropRegion(0, 0, 200, 100));
  }

  @Test
  void rgbaMasksUseTheirAlphaThresholdedAndOpaqueOnesTheirLuma() {
    Bitmap rgba = new Bitmap(3, 1, 4, new byte[] {0, 0, 0, (byte) 200, 0, 0, 0, (byte) 128, 0, 0, 0, 0});
    assertThat(Masks.toMaskL(rgba, true).data()).containsExactly((byte) 255, 0, 0);
    assertThat(Masks.toMaskL(rgba, false).data()).containsExactly((byte) 200, (byte) 128, 0);
    Bitmap opaque = new Bitmap(1, 1, 4, new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
    assertThat(Masks.toMaskL(opaque, true).data()).containsExactly((byte) 255);
    Bitmap rgb = new Bitmap(1, 1, 3, new byte[] {(byte) 255, 0, 0});
    assertThat(Masks.toMaskL(rgb, true).data()).containsExactly((byte) 76); // PIL: 255*19595+0x8000 >> 16
  }

  @Test
  void maskBlurKernelIsOpenCvsGaussianInFixedPoint() {
    int[] k = MaskBlur.kernel(4);
    assertThat(k).hasSize(2 * (int) (2.5 * 4 + 0.5) + 1);
    assertThat(java.util.Arrays.stream(k).sum()).isEqualTo(256);
    for (int i = 0; i < k.length; i++) {
      double x = i - k.length / 2;
      double expected = 256 * Math.exp(-x * x / 32) / Math.sqrt(2 * Math.PI * 16);
      assertThat((double) k[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
    }
  }

  @Test
  void maskBlurSoftensAnEdgeSymmetricallyOnlyAlongTheGivenAxis() {
    Bitmap m = maskWithRect(40, 40, 20, 0, 40, 40);
    Bitmap xOnly = MaskBlur.blur(m, 4, 0);
    for (int y = 0; y < 40; y++) {
      assertThat(xOnly.get(0, y, 0)).isZero();
      assertThat(xOnly.get(39, y, 0)).isEqualTo(255);
      int left = xOnly.get(19, y, 0);
      int right = xOnly.get(20, y, 0);
      assertThat(left).isBetween(1, 127);
      assertThat(left + right).isBetween(254, 256);
    }
    assertThat(MaskBlur.blur(m, 0, 4)).isEqualTo(m);
    assertThat(MaskBlur.blur(Bitmap.filled(9, 9, 77), 4, 4)).isEqualTo(Bitmap.filled(9, 9, 77));
  }

  @Test
  void latentMaskIsTheMaskAtLatentSizeRounded() {
    Bitmap m = maskWithRect(64, 64, 32, 0, 64, 64);
    float[] lat = Masks.latentMask(m, 8, 8, true);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        assertThat(lat[y * 8 + x]).isEqualTo(x < 4 ? 0f : 1f);
      }
    }
  }

  @Test
  void pilGaussianBlurKeepsConstantsAndSpreadsAnImpulseSymmetrically() {
    assertThat(PilGaussianBlur.blur(Bitmap.filled(20, 10, 9, 99, 199, 255), 4)).isEqualTo(Bitmap.filled(20, 10, 9, 99,
        199, 255));
    Bitmap dot = Bitmap.blank(41, 41, 1);
    for (int y = 19; y <= 21; y++) {
      for (int x = 19; x <= 21; x++) {
        dot.set(x, y, 0, 255);
      }
    }
    Bitmap b = PilGaussianBlur.blur(PilModes.toRgba(dot), 3);
    assertThat(b.get(20, 20, 0)).isGreaterThan(b.get(24, 20, 0)).isGreaterThan(b.get(30, 20, 0));
    assertThat(b.get(17, 20, 0)).isEqualTo(b.get(23, 20, 0));
    assertThat(b.get(20, 17, 0)).isEqualTo(b.get(20, 23, 0));
    assertThat(PilGaussianBlur.boxRadius(0f)).isZero();
  }

  @Test
  void fillPaintsTheMaskedAreaFromItsSurroundingsAndKeepsTheRest() {
    Bitmap img = Bitmap.filled(64, 64, 30, 160, 90);
    Bitmap mask = maskWithRect(64, 64, 16, 16, 48, 48);
    Bitmap holed = img.copy();
    for (int y = 16; y < 48; y++) {
      for (int x = 16; x < 48; x++) {
        holed.set(x, y, 0, 255);
      }
    }
    Bitmap filled = InpaintFill.fill(holed, mask);
    for (int[] p : new int[][] {{32, 32}, {20, 40}, {2, 2}}) {
      assertThat(filled.get(p[0], p[1], 0)).as("r at " + p[0] + "," + p[1]).isBetween(28, 32);
      assertThat(filled.get(p[0], p[1], 1)).isBetween(158, 162);
    }
  }

  @Test
  void overlayKeepsUnmaskedPixelsOfTheOriginal() {
    Random r = new Random(1);
    byte[] d = new byte[32 * 32 * 3];
    r.nextBytes(d);
    Bitmap original = new Bitmap(32, 32, 3, d);
    Bitmap mask = maskWithRect(32, 32, 8, 8, 24, 24);
    Bitmap overlay = InpaintOverlay.overlay(original, mask);
    Bitmap generated = Bitmap.filled(32, 32, 1, 2, 3);
    Bitmap out = InpaintOverlay.apply(generated, null, overlay);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        boolean masked = x >= 8 && x < 24 && y >= 8 && y < 24;
        for (int c = 0; c < 3; c++) {
          assertThat(out.get(x, y, c)).isEqualTo(masked ? generated.get(x, y, c) : original.get(x, y, c));
        }
      }
    }
  }

  @Test
  void onlyMaskedResultIsPastedBackIntoItsRegion() {
    Bitmap original = Bitmap.filled(64, 64, 10, 20, 30);
    Bitmap mask = maskWithRect(64, 64, 16, 16, 32, 32);
    Bitmap overlay = InpaintOverlay.overlay(original, mask);
    Bitmap generatedCrop = Bitmap.filled(128, 128, 200, 100, 50);
    Bitmap out = InpaintOverlay.apply(generatedCrop, new CropRegion(16, 16, 32, 32), overlay);
    assertThat(out.width()).isEqualTo(64);
    assertThat(out.get(20, 20, 0)).isEqualTo(200);
    assertThat(out.get(40, 40, 0)).isEqualTo(10);
    assertThat(out.get(0, 0, 2)).isEqualTo(30);
  }
}
