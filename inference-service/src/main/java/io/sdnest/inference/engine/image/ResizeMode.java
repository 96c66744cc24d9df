package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.ValidationException;

/**
 * A1111's img2img {@code resize_mode} as done by {@code images.resize_image}. For {@link #LATENT_UPSCALE} the pipeline
 * leaves the init image alone and resizes its latents ({@link LatentResize}); when an image (the mask) is resized with
 * it, A1111 takes the "resize and fill" branch, and so does {@link #apply}.
 */
public enum ResizeMode {
  JUST_RESIZE,
  CROP_AND_RESIZE,
  RESIZE_AND_FILL,
  LATENT_UPSCALE;

  public static ResizeMode of(int code) {
    if (code < 0 || code > 3) {
      throw new ValidationException("resize_mode", "resize_mode must be 0 (just resize), 1 (crop and resize), "
          + "2 (resize and fill) or 3 (just resize, latent upscale); got " + code);
    }
    return values()[code];
  }

  /**
   * {@code images.resize_image(mode, im, width, height, upscaler_name)}; {@code upscaler} null means plain Lanczos
   * (A1111's default {@code upscaler_for_img2img} = None). The result is RGB unless mode 0 is given an L image.
   */
  public Bitmap apply(Bitmap im, int width, int height, PixelUpscaler upscaler) {
    if (this == JUST_RESIZE) {
      return resize(im, width, height, upscaler);
    }
    double ratio = (double) width / height;
    double srcRatio = (double) im.width() / im.height();
    boolean crop = this == CROP_AND_RESIZE;
    int srcW = (crop ? ratio > srcRatio : ratio < srcRatio) ? width : im.width() * height / im.height();
    int srcH = (crop ? ratio <= srcRatio : ratio >= srcRatio) ? height : im.height() * width / im.width();
    Bitmap resized = PilModes.toRgb(resize(im, srcW, srcH, upscaler));
    Bitmap res = Bitmap.blank(width, height, 3);
    res.paste(resized, width / 2 - srcW / 2, height / 2 - srcH / 2);
    if (crop) {
      return res;
    }
    if (ratio < srcRatio) {
      int fillHeight = height / 2 - srcH / 2;
      if (fillHeight > 0) {
        res.paste(edge(resized, width, fillHeight, 0, 0, width, 0), 0, 0);
        res.paste(edge(resized, width, fillHeight, 0, resized.height(), width, resized.height()), 0, fillHeight + srcH);
      }
    } else if (ratio > srcRatio) {
      int fillWidth = width / 2 - srcW / 2;
      if (fillWidth > 0) {
        res.paste(edge(resized, fillWidth, height, 0, 0, 0, height), 0, 0);
        res.paste(edge(resized, fillWidth, height, resized.width(), 0, resized.width(), height), fillWidth + srcW, 0);
      }
    }
    return res;
  }

  /** The fill strips: PIL's default (bicubic) resize of a zero-width box on an edge, which stretches the border. */
  private static Bitmap edge(Bitmap src, int w, int h, int x0, int y0, int x1, int y1) {
    return PilResize.resize(src, w, h, PilResize.Filter.BICUBIC, x0, y0, x1, y1);
  }

  private static Bitmap resize(Bitmap im, int w, int h, PixelUpscaler upscaler) {
    if (upscaler == null || upscaler == PixelUpscaler.NONE || im.channels() == 1) {
      return PilResize.resize(im, w, h, PilResize.Filter.LANCZOS);
    }
    double scale = Math.max((double) w / im.width(), (double) h / im.height());
    if (scale > 1.0) {
      im = upscaler.upscale(im, scale);
    }
    if (im.width() != w || im.height() != h) {
      im = PilResize.resize(im, w, h, PilResize.Filter.LANCZOS);
    }
    return im;
  }
}
