package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.ValidationException;
import java.util.Arrays;
import java.util.List;

/**
 * The image-space upscalers sdnest has, with A1111's {@code Upscaler.upscale} semantics: the target is the scaled size
 * rounded down to a multiple of 8, reached by up to three passes of the upscaler and a final Lanczos resize when the
 * upscaler lands elsewhere.
 */
public enum PixelUpscaler {
  NONE("None"),
  LANCZOS("Lanczos"),
  NEAREST("Nearest");

  private final String title;

  PixelUpscaler(String title) {
    this.title = title;
  }

  /** The name A1111 lists in {@code /sdapi/v1/upscalers}. */
  public String title() {
    return title;
  }

  public static List<String> titles() {
    return Arrays.stream(values()).map(PixelUpscaler::title).toList();
  }

  /** Looks an upscaler up by its exact A1111 name. */
  public static PixelUpscaler byTitle(String field, String name) {
    for (PixelUpscaler u : values()) {
      if (u.title.equals(name)) {
        return u;
      }
    }
    throw new ValidationException(field, "could not find upscaler named " + name + "; available: " + titles());
  }

  /** A1111 {@code Upscaler.upscale(img, scale)}. */
  public Bitmap upscale(Bitmap img, double scale) {
    int destW = (int) (Math.floor(img.width() * scale / 8) * 8);
    int destH = (int) (Math.floor(img.height() * scale / 8) * 8);
    for (int i = 0; i < 3; i++) {
      if (img.width() >= destW && img.height() >= destH && scale != 1) {
        break;
      }
      int w = img.width();
      int h = img.height();
      img = doUpscale(img, scale);
      if (w == img.width() && h == img.height()) {
        break;
      }
    }
    if (img.width() != destW || img.height() != destH) {
      img = PilResize.resize(img, destW, destH, PilResize.Filter.LANCZOS);
    }
    return img;
  }

  private Bitmap doUpscale(Bitmap img, double scale) {
    int w = (int) (img.width() * scale);
    int h = (int) (img.height() * scale);
    return switch (this) {
      case NONE -> img;
      case LANCZOS -> PilResize.resize(img, w, h, PilResize.Filter.LANCZOS);
      case NEAREST -> PilResize.resize(img, w, h, PilResize.Filter.NEAREST);
    };
  }
}
