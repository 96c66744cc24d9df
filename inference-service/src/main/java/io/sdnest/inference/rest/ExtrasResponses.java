package io.sdnest.inference.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A1111's extras responses. */
public final class ExtrasResponses {

  private ExtrasResponses() {
  }

  @Schema(name = "ExtrasSingleImageResponse", example = ExtrasExamples.SINGLE_RESPONSE)
  public record Single(@Schema(description = "The postprocessing infotext as HTML") String html_info,
      @Schema(description = "Standard base64 PNG, no data: prefix") String image) {
  }

  @Schema(name = "ExtrasBatchImagesResponse", example = ExtrasExamples.BATCH_RESPONSE)
  public record Batch(String html_info, List<String> images) {
  }
}
