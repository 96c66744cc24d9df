package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.ValidationException;
import java.util.Locale;

/** The {@code samples_format} values sdnest can encode (A1111 compares them lower-cased). */
public enum OutputFormat {
  PNG,
  JPEG;

  public static OutputFormat of(String samplesFormat) {
    String f = samplesFormat == null ? "" : samplesFormat.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "png" -> PNG;
      case "jpg", "jpeg" -> JPEG;
      default -> throw new ValidationException("samples_format",
          "Invalid image format '" + samplesFormat + "'; allowed: png, jpg, jpeg");
    };
  }
}
