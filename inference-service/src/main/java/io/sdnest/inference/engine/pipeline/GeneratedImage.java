package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;

/**
 * One output image.
 *
 * @param encoded  PNG or JPEG bytes with the infotext embedded
 * @param infotext A1111's "parameters" text for this image
 */
public record GeneratedImage(Bitmap bitmap, byte[] encoded, long seed, long subseed, String infotext) {
}
