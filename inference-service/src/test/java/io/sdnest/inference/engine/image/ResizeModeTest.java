package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sdnest.inference.engine.ValidationException;
import org.junit.jupiter.api.Test;

class ResizeModeTest {

  /** A wide image: left half red, right half blue, with a green top row. */
  private static Bitmap wide() {
    Bitmap b = Bitmap.blank(200, 100, 3);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        b.set(x, y, x < 100 ? 0 : 2, 255);
        if (y == 0) {
          b.set(x, y, 1, 255);
        }
      }
    }
    return b;
  }

  @Test
  void justResizeStretchesToTheTarget() {
    Bitmap out = ResizeMode.of(0).apply(wide(), 64, 64, null);
    assertThat(out.width()).isEqualTo(64);
    assertThat(out.height()).isEqualTo(64);
    assertThat(out.get(5, 32, 0)).isEqualTo(255);
    assertThat(out.get(58, 32, 2)).isEqualTo(255);
  }

  @Test
  void cropAndResizeFillsTheTargetAndCutsTheSides() {
    Bitmap out = ResizeMode.of(1).apply(wide(), 100, 100, null);
    // scaled to 200x100 (no change) and centred: columns 50..149 of the source are kept
    assertThat(out).isEqualTo(wide().crop(50, 0, 150, 100));
  }

  @Test
  void resizeAndFillLetterboxesWithStretchedEdges() {
    Bitmap out = ResizeMode.of(2).apply(wide(), 100, 100, null);
    // scaled to 100x50 and centred at rows 25..74; the 25 rows above and below are the edge rows stretched by PIL's
    // bicubic resize of a zero-height box, i.e. 1.125 * edge row - 0.125 * the row next to it
    Bitmap resized = PilResize.resize(wide(), 100, 50, PilResize.Filter.LANCZOS);
    assertThat(out.crop(0, 25, 100, 75)).isEqualTo(resized);
    for (int x = 0; x < 100; x++) {
      int top = (int) Math.round(1.125 * resized.get(x, 0, 1) - 0.125 * resized.get(x, 1, 1));
      for (int y = 0; y < 25; y++) {
        assertThat(out.get(x, y, 1)).isCloseTo(Math.max(0, Math.min(255, top)), org.assertj.core.data.Offset.offset(1));
        assertThat(out.get(x, 99 - y, 0)).isEqualTo(out.get(x, 99, 0));
      }
    }
    assertThat(out.get(10, 99, 0)).isEqualTo(255);
    assertThat(out.get(90, 99, 2)).isEqualTo(255);
  }

  @Test
  void resizeAndFillOnATallTargetStretchesLeftAndRightEdges() {
    Bitmap out = ResizeMode.of(2).apply(wide(), 400, 100, null);
    assertThat(out.get(0, 50, 0)).isEqualTo(255);
    assertThat(out.get(399, 50, 2)).isEqualTo(255);
  }

  @Test
  void unknownModeIsRefused() {
    assertThatThrownBy(() -> ResizeMode.of(4)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("resize_mode");
  }

  @Test
  void upscalersFollowA1111TargetRounding() {
    Bitmap img = Bitmap.filled(30, 20, 1, 2, 3);
    Bitmap lanczos = PixelUpscaler.LANCZOS.upscale(img, 2.5);
    assertThat(lanczos.width()).isEqualTo(72); // 75 rounded down to a multiple of 8
    assertThat(lanczos.height()).isEqualTo(48); // 50 -> 48
    Bitmap nearest = PixelUpscaler.NEAREST.upscale(img, 2);
    assertThat(nearest.width()).isEqualTo(56);
    assertThat(PixelUpscaler.NONE.upscale(img, 2).width()).isEqualTo(56);
  }

  @Test
  void extrasScaleByAndResizeToWithCrop() {
    Bitmap img = Bitmap.filled(32, 16, 7, 8, 9);
    ExtrasUpscale.Result by = new ExtrasUpscale(0, 2, 0, 0, true, PixelUpscaler.NEAREST, PixelUpscaler.NONE, 0)
        .apply(img);
    assertThat(by.image().width()).isEqualTo(64);
    assertThat(by.htmlInfo()).isEqualTo("<p>Postprocess upscale by: 2, Postprocess upscaler: Nearest</p>");
    ExtrasUpscale.Result to = new ExtrasUpscale(1, 2.0, 48, 48, true, PixelUpscaler.LANCZOS, PixelUpscaler.NONE, 0)
        .apply(img);
    assertThat(to.image().width()).isEqualTo(48);
    assertThat(to.image().height()).isEqualTo(48);
    assertThat(to.htmlInfo()).isEqualTo(
        "<p>Postprocess upscale to: 48x48, Postprocess crop to: 48x48, Postprocess upscaler: Lanczos</p>");
    ExtrasUpscale.Result none = new ExtrasUpscale(0, 2.0, 0, 0, true, PixelUpscaler.NONE, PixelUpscaler.NONE, 0)
        .apply(img);
    assertThat(none.image()).isEqualTo(img);
    assertThat(none.htmlInfo()).isEqualTo("<p></p>");
  }
}
