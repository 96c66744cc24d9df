package io.sdnest.inference.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A1111's {@code PNGInfoRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "PNGInfoRequest")
public record PngInfoRequest(
    @Schema(required = true, description = "Base64 PNG or JPEG, raw or as a data:image/...;base64, URL") String image) {
}
