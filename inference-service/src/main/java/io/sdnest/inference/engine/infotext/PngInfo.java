package io.sdnest.inference.engine.infotext;

import io.sdnest.inference.engine.image.EmbeddedInfo;
import java.util.Map;

/**
 * The body of {@code POST /sdapi/v1/png-info}: the raw infotext ({@code ""} when none), the image's other metadata
 * items, and the parsed parameters (never empty: defaults are always added).
 */
public record PngInfo(String info, Map<String, Object> items, Map<String, Object> parameters) {

  /** Reads an image file (PNG or JPEG bytes) the way A1111's png-info route does. */
  public static PngInfo of(byte[] imageFile) {
    EmbeddedInfo embedded = EmbeddedInfo.read(imageFile);
    String info = embedded.parameters() == null ? "" : embedded.parameters();
    return new PngInfo(info, embedded.items(), InfotextParser.parse(info));
  }
}
