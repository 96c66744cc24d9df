package io.sdnest.inference.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A1111's txt2img/img2img response. */
@Schema(name = "TextToImageResponse")
public record GenerationResponse(
    @Schema(description = "Standard base64 PNGs (or JPEGs), no data: prefix; empty when send_images is false")
    List<String> images,
    @Schema(description = "The request echoed with A1111's defaults filled in (seed stays -1)")
    Map<String, Object> parameters,
    @Schema(description = "JSON string with the real seeds, the infotexts and the model",
        example = "{\"prompt\": \"a red car\", \"all_seeds\": [1234], \"seed\": 1234}")
    String info) {
}
