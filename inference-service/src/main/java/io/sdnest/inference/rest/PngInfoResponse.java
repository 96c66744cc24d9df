package io.sdnest.inference.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sdnest.inference.engine.infotext.PngInfo;

/** A1111's {@code PNGInfoResponse}: the raw infotext, the image's other metadata, and the parsed parameters. */
@Schema(name = "PNGInfoResponse")
public record PngInfoResponse(
    @Schema(description = "The infotext, or \"\" when the image has none",
        example = "a red car\nSteps: 20, Sampler: Euler, CFG scale: 7.0, Seed: 1234, Size: 512x512") String info,
    @Schema(description = "Other metadata entries of the image") Map<String, Object> items,
    @Schema(description = "The infotext parsed as A1111 parses it: values are strings, defaults added")
    Map<String, Object> parameters) {

  public static PngInfoResponse of(PngInfo info) {
    return new PngInfoResponse(info.info(), info.items(), info.parameters());
  }
}
