package io.sdnest.inference.engine.image;

/**
 * A1111's {@code masking.fill} (inpainting_fill 0, "fill"): the masked area is painted with ever less blurred copies of
 * the unmasked image, so it starts from the surrounding colours.
 */
public final class InpaintFill {

  private static final int[][] RADIUS_REPEATS = {{256, 1}, {64, 1}, {16, 2}, {4, 4}, {2, 2}, {0, 1}};

  private InpaintFill() {
  }

  /** {@code image} RGB, {@code maskL} white = masked; returns RGB. */
  public static Bitmap fill(Bitmap image, Bitmap maskL) {
    Bitmap masked = Bitmap.blank(image.width(), image.height(), 4);
    PilModes.pasteWithMask(masked, PilModes.premultiply(PilModes.toRgba(image)), PilModes.invert(PilModes.toL(maskL)),
        0, 0);
    Bitmap result = Bitmap.blank(image.width(), image.height(), 4);
    for (int[] rr : RADIUS_REPEATS) {
      Bitmap blurred = PilModes.unpremultiply(PilGaussianBlur.blur(masked, rr[0]));
      for (int i = 0; i < rr[1]; i++) {
        result = PilModes.alphaComposite(result, blurred);
      }
    }
    return PilModes.toRgb(result);
  }
}
