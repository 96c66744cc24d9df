package io.sdnest.inference.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.inference.client.ImageUrlFetcher;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;

/** Image strings of API requests: raw base64, {@code data:image/...;base64,} URLs, or (when enabled) http(s) URLs. */
@ApplicationScoped
public class ImageInputs {

  private final ImageUrlFetcher urls;

  public ImageInputs(ImageUrlFetcher urls) {
    this.urls = urls;
  }

  /** The file bytes behind {@code value}, not yet decoded. */
  public byte[] bytes(String field, String value) {
    return value != null && ImageUrlFetcher.isUrl(value) ? urls.fetch(field, value)
        : ImageCodec.base64Bytes(field, value);
  }

  /** The decoded image; anything that is not an image is 400 "Invalid encoded image". */
  public Bitmap decode(String field, String value) {
    return ImageCodec.decode(field, bytes(field, value));
  }
}
