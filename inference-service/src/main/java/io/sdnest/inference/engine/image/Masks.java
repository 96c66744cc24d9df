package io.sdnest.inference.engine.image;

import java.util.Optional;

/** A1111's inpainting mask preparation ({@code processing.py} img2img init and {@code masking.py}). */
public final class Masks {

  private Masks() {
  }

  /**
   * {@code create_binary_mask}: an RGBA mask that is not fully opaque is its alpha channel (thresholded at &gt; 128
   * when {@code round}); any other mask is converted to L unchanged. White means "repaint".
   */
  public static Bitmap toMaskL(Bitmap mask, boolean round) {
    if (mask.channels() == 4) {
      byte[] d = mask.data();
      boolean opaque = true;
      for (int i = 3; i < d.length; i += 4) {
        if ((d[i] & 0xFF) != 255) {
          opaque = false;
          break;
        }
      }
      if (!opaque) {
        byte[] out = new byte[mask.width() * mask.height()];
        for (int i = 0; i < out.length; i++) {
          int a = d[i * 4 + 3] & 0xFF;
          out[i] = (byte) (round ? (a > 128 ? 255 : 0) : a);
        }
        return new Bitmap(mask.width(), mask.height(), 1, out);
      }
    }
    return PilModes.toL(mask);
  }

  /** {@code get_crop_region_v2}: the bounding box of non-zero pixels grown by {@code pad}; empty for a black mask. */
  public static Optional<CropRegion> cropRegion(Bitmap maskL, int pad) {
    PilModes.requireChannels(maskL, 1);
    int w = maskL.width();
    int h = maskL.height();
    int x1 = w;
    int y1 = h;
    int x2 = 0;
    int y2 = 0;
    byte[] d = maskL.data();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (d[y * w + x] != 0) {
          x1 = Math.min(x1, x);
          x2 = Math.max(x2, x + 1);
          y1 = Math.min(y1, y);
          y2 = Math.max(y2, y + 1);
        }
      }
    }
    if (x2 == 0) {
      return Optional.empty();
    }
    if (pad == 0) {
      return Optional.of(new CropRegion(x1, y1, x2, y2));
    }
    return Optional.of(new CropRegion(Math.max(x1 - pad, 0), Math.max(y1 - pad, 0), Math.min(x2 + pad, w),
        Math.min(y2 + pad, h)));
  }

  /**
   * {@code expand_crop_region}: grows the region to the aspect ratio of the processing size, shifted back inside the
   * image where it would overflow.
   */
  public static CropRegion expandCropRegion(CropRegion region, int processingWidth, int processingHeight,
      int imageWidth, int imageHeight) {
    int x1 = region.x1();
    int y1 = region.y1();
    int x2 = region.x2();
    int y2 = region.y2();
    double ratioCrop = (double) (x2 - x1) / (y2 - y1);
    double ratioProcessing = (double) processingWidth / processingHeight;
    if (ratioCrop > ratioProcessing) {
      double desiredHeight = (x2 - x1) / ratioProcessing;
      int diff = (int) (desiredHeight - (y2 - y1));
      y1 -= Math.floorDiv(diff, 2);
      y2 += diff - Math.floorDiv(diff, 2);
      if (y2 >= imageHeight) {
        int over = y2 - imageHeight;
        y2 -= over;
        y1 -= over;
      }
      if (y1 < 0) {
        y2 -= y1;
        y1 = 0;
      }
      if (y2 >= imageHeight) {
        y2 = imageHeight;
      }
    } else {
      double desiredWidth = (y2 - y1) * ratioProcessing;
      int diff = (int) (desiredWidth - (x2 - x1));
      x1 -= Math.floorDiv(diff, 2);
      x2 += diff - Math.floorDiv(diff, 2);
      if (x2 >= imageWidth) {
        int over = x2 - imageWidth;
        x2 -= over;
        x1 -= over;
      }
      if (x1 < 0) {
        x2 -= x1;
        x1 = 0;
      }
      if (x2 >= imageWidth) {
        x2 = imageWidth;
      }
    }
    return new CropRegion(x1, y1, x2, y2);
  }

  /** The overlay mask of "whole picture" inpainting: the resized mask doubled and clipped ({@code np.clip(m * 2)}). */
  public static Bitmap doubled(Bitmap maskL) {
    PilModes.requireChannels(maskL, 1);
    byte[] out = maskL.data().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.min(255, (out[i] & 0xFF) * 2);
    }
    return new Bitmap(maskL.width(), maskL.height(), 1, out);
  }

  /**
   * The latent mask ("nmask", 1 = repaint) at latent size {@code h x w}: the mask resized with PIL's default bicubic
   * filter, divided by 255, and rounded (half to even) when {@code round}. The pipeline blends
   * {@code x = init * (1 - nmask) + x * nmask}; for inpainting_fill 2 it replaces the masked init latent by noise, for
   * 3 by zeros.
   */
  public static float[] latentMask(Bitmap maskL, int h, int w, boolean round) {
    Bitmap small = PilResize.resize(PilModes.toL(maskL), w, h, PilResize.Filter.BICUBIC);
    float[] out = new float[w * h];
    for (int i = 0; i < out.length; i++) {
      float v = (small.data()[i] & 0xFF) / 255.0f;
      out[i] = round ? (float) Math.rint(v) : v;
    }
    return out;
  }
}
