package io.sdnest.inference.engine.image;

/**
 * Keeping the unmasked pixels of the original: A1111 builds an overlay (the original where the mask is black,
 * transparent where it is white) and composites it over each generated image ({@code apply_overlay}); for "only
 * masked" inpainting the generated crop is first pasted back into place ({@code uncrop}).
 */
public final class InpaintOverlay {

  private InpaintOverlay() {
  }

  /** The RGBA overlay from the (resized, flattened) init image and {@code mask_for_overlay}. */
  public static Bitmap overlay(Bitmap initRgb, Bitmap maskForOverlayL) {
    Bitmap mask = PilModes.toL(maskForOverlayL);
    if (mask.width() != initRgb.width() || mask.height() != initRgb.height()) {
      throw new IllegalArgumentException("overlay mask " + mask + " does not match image " + initRgb);
    }
    Bitmap premultiplied = Bitmap.blank(initRgb.width(), initRgb.height(), 4);
    PilModes.pasteWithMask(premultiplied, PilModes.premultiply(PilModes.toRgba(initRgb)), PilModes.invert(mask), 0, 0);
    return PilModes.unpremultiply(premultiplied);
  }

  /**
   * {@code apply_overlay}: {@code pasteTo} (x, y, w, h; null for whole-picture inpainting) places the generated image
   * resized with "crop and resize" into a transparent canvas the overlay's size; the overlay is then alpha-composited
   * on top and the result returned as RGB.
   */
  public static Bitmap apply(Bitmap generatedRgb, CropRegion pasteTo, Bitmap overlayRgba) {
    Bitmap base;
    if (pasteTo != null) {
      base = Bitmap.blank(overlayRgba.width(), overlayRgba.height(), 4);
      Bitmap fitted = ResizeMode.CROP_AND_RESIZE.apply(generatedRgb, pasteTo.width(), pasteTo.height(), null);
      base.paste(PilModes.toRgba(fitted), pasteTo.x1(), pasteTo.y1());
    } else {
      base = PilModes.toRgba(generatedRgb);
    }
    return PilModes.toRgb(PilModes.alphaComposite(base, overlayRgba));
  }
}
