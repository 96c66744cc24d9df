package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.CropRegion;
import io.sdnest.inference.engine.image.InpaintFill;
import io.sdnest.inference.engine.image.InpaintOverlay;
import io.sdnest.inference.engine.image.MaskBlur;
import io.sdnest.inference.engine.image.Masks;
import io.sdnest.inference.engine.image.PilModes;
import io.sdnest.inference.engine.image.ResizeMode;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image side of A1111's img2img set-up: mask binarised, inverted and blurred; "only masked" crop with padding;
 * init images flattened on white, resized by resize mode, overlays of the unmasked original built, masked area filled.
 */
final class InitImages {

  /** A1111's {@code img2img_background_color}. */
  private static final int BACKGROUND = 255;

  private InitImages() {
  }

  static PreparedInit prepare(Img2Img request, int width, int height) {
    ResizeMode resize = ResizeMode.of(request.resizeMode());
    Map<String, Object> extra = new LinkedHashMap<>();
    Bitmap mask = null;
    Bitmap maskForOverlay = null;
    CropRegion crop = null;
    if (request.mask() != null) {
      Bitmap m = Masks.toMaskL(request.mask(), request.maskRound());
      if (request.maskBlurX() > 0 && request.maskBlurX() == request.maskBlurY()) {
        extra.put("Mask blur", request.maskBlurX());
      }
      if (request.inpaintingMaskInvert()) {
        m = PilModes.invert(m);
        extra.put("Mask mode", "Inpaint not masked");
      }
      m = MaskBlur.blur(m, request.maskBlurX(), request.maskBlurY());
      if (request.inpaintFullRes()) {
        Optional<CropRegion> region = Masks.cropRegion(m, request.inpaintFullResPadding());
        if (region.isPresent()) {
          maskForOverlay = m;
          crop = Masks.expandCropRegion(region.get(), width, height, m.width(), m.height());
          mask = ResizeMode.RESIZE_AND_FILL.apply(m.crop(crop.x1(), crop.y1(), crop.x2(), crop.y2()), width, height,
              null);
          extra.put("Inpaint area", "Only masked");
          extra.put("Masked area padding", request.inpaintFullResPadding());
        }
      } else {
        mask = resize.apply(m, width, height, null);
        maskForOverlay = Masks.doubled(mask);
      }
    }
    List<Bitmap> images = new ArrayList<>();
    List<Bitmap> overlays = new ArrayList<>();
    for (Bitmap init : request.initImages()) {
      Bitmap image = PilModes.flatten(init, BACKGROUND, BACKGROUND, BACKGROUND);
      if (crop == null && resize != ResizeMode.LATENT_UPSCALE) {
        image = resize.apply(image, width, height, null);
      }
      if (mask != null) {
        if (maskForOverlay.width() != image.width() || maskForOverlay.height() != image.height()) {
          maskForOverlay = resize.apply(maskForOverlay, image.width(), image.height(), null);
        }
        overlays.add(InpaintOverlay.overlay(image, maskForOverlay));
      }
      if (crop != null) {
        image = ResizeMode.RESIZE_AND_FILL.apply(image.crop(crop.x1(), crop.y1(), crop.x2(), crop.y2()), width,
            height, null);
      }
      if (mask != null && request.inpaintingFill() != 1) {
        image = InpaintFill.fill(image, mask);
      }
      images.add(image);
    }
    if (mask != null) {
      switch (request.inpaintingFill()) {
        case 0 -> extra.put("Masked content", "fill");
        case 2 -> extra.put("Masked content", "latent noise");
        case 3 -> extra.put("Masked content", "latent nothing");
        default -> { }
      }
    }
    return new PreparedInit(images, mask, overlays, crop, extra);
  }
}
