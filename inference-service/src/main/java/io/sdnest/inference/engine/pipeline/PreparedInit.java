package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.CropRegion;
import java.util.List;
import java.util.Map;

/**
 * img2img inputs after A1111's preparation ({@code StableDiffusionProcessingImg2Img.init}).
 *
 * @param images    one per init image: RGB to encode (processing size, or the original size for resize mode 3),
 *                  the masked area already filled for inpainting_fill 0
 * @param mask      the inpainting mask (L, white = repaint) at processing size, or null without inpainting
 * @param overlays  one RGBA overlay per init image that puts the unmasked original back, or empty
 * @param pasteTo   where "only masked" inpainting pastes the result into the original, or null
 * @param extra     extra generation parameters in A1111's order
 */
record PreparedInit(List<Bitmap> images, Bitmap mask, List<Bitmap> overlays, CropRegion pasteTo,
                    Map<String, Object> extra) {

  Bitmap image(int index) {
    return images.get(index % images.size());
  }

  Bitmap overlay(int index) {
    return overlays.isEmpty() ? null : overlays.get(index % overlays.size());
  }
}
