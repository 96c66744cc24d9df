package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PilResizeTest {

  private static Bitmap noise(int w, int h, int c, long seed) {
    byte[] d = new byte[w * h * c];
    new Random(seed).nextBytes(d);
    return new Bitmap(w, h, c, d);
  }

  @Test
  void constantImagesStayConstantForEveryFilterAndScale() {
    Bitmap grey = Bitmap.filled(37, 23, 90, 140, 200);
    for (PilResize.Filter f : PilResize.Filter.values()) {
      for (int[] size : new int[][] {{11, 7}, {80, 50}, {37, 64}, {5, 23}}) {
        Bitmap out = PilResize.resize(grey, size[0], size[1], f);
        assertThat(out).as(f + " " + size[0] + "x" + size[1]).isEqualTo(Bitmap.filled(size[0], size[1], 90, 140, 200));
      }
    }
  }

  @Test
  void lanczosMatchesAStraightforwardDoubleImplementationWithinRounding() {
    Bitmap img = noise(40, 30, 1, 5);
    for (int[] size : new int[][] {{13, 9}, {97, 61}, {40, 17}}) {
      Bitmap fast = PilResize.resize(img, size[0], size[1], PilResize.Filter.LANCZOS);
      double[][] ref = referenceLanczos(img, size[0], size[1]);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          assertThat((double) fast.get(x, y, 0)).as(x + "," + y).isCloseTo(ref[y][x], org.assertj.core.data.Offset
              .offset(1.5));
        }
      }
    }
  }

  /** Separable Lanczos-3 with support scaled by the downscale factor, weights normalised, no fixed point. */
  private static double[][] referenceLanczos(Bitmap img, int w, int h) {
    double[][] mid = new double[img.height()][w];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < w; x++) {
        final int yy = y;
        mid[y][x] = clip(sample(img.width(), w, x, i -> img.get(i, yy, 0)));
      }
    }
    double[][] out = new double[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        final int xx = x;
        out[y][x] = clip(sample(img.height(), h, y, i -> mid[i][xx]));
      }
    }
    return out;
  }

  private static double clip(double v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static double sample(int in, int out, int o, java.util.function.IntToDoubleFunction px) {
    double scale = (double) in / out;
    double fs = Math.max(1, scale);
    double center = (o + 0.5) * scale;
    double sum = 0;
    double wsum = 0;
    for (int i = 0; i < in; i++) {
      double t = (i + 0.5 - center) / fs;
      double w = Math.abs(t) < 3 ? sinc(t) * sinc(t / 3) : 0;
      sum += w * px.applyAsDouble(i);
      wsum += w;
    }
    return sum / wsum;
  }

  private static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  @Test
  void downscalingACheckerboardByTwoGivesItsMean() {
    Bitmap board = Bitmap.blank(64, 64, 1);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        board.set(x, y, 0, ((x + y) & 1) == 0 ? 255 : 0);
      }
    }
    Bitmap half = PilResize.resize(board, 32, 32, PilResize.Filter.LANCZOS);
    // away from the borders every output pixel averages an equal number of black and white pixels
    for (int y = 3; y < 29; y++) {
      for (int x = 3; x < 29; x++) {
        assertThat(half.get(x, y, 0)).isBetween(126, 129);
      }
    }
  }

  @Test
  void nearestPicksPixelCentres() {
    Bitmap row = new Bitmap(4, 1, 1, new byte[] {10, 20, 30, 40});
    assertThat(PilResize.resize(row, 8, 1, PilResize.Filter.NEAREST).data()).containsExactly(10, 10, 20, 20, 30, 30,
        40, 40);
    assertThat(PilResize.resize(row, 2, 1, PilResize.Filter.NEAREST).data()).containsExactly(20, 40);
    assertThat(PilResize.resize(row, 3, 1, PilResize.Filter.NEAREST).data()).containsExactly(10, 30, 40);
  }

  @Test
  void rgbaIsResampledPremultipliedSoTransparentColourDoesNotBleed() {
    Bitmap img = new Bitmap(2, 1, 4, new byte[] {(byte) 255, 0, 0, (byte) 255, 0, (byte) 255, 0, 0});
    Bitmap one = PilResize.resize(img, 1, 1, PilResize.Filter.BILINEAR);
    assertThat(one.get(0, 0, 0)).isEqualTo(255);
    assertThat(one.get(0, 0, 1)).isZero();
    assertThat(one.get(0, 0, 3)).isBetween(127, 128);
  }
}
