package io.sdnest.inference.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.sdnest.inference.service.ExtrasParameters;

/** A1111's {@code ExtrasSingleImageRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "ExtrasSingleImageRequest", example = ExtrasExamples.SINGLE_REQUEST)
public record ExtrasSingleImageRequest(
    @Schema(description = "0 = scale by upscaling_resize, 1 = to upscaling_resize_w x upscaling_resize_h",
        defaultValue = "0") Integer resize_mode,
    @Schema(description = "Accepted; the API always returns the images, as A1111's does", defaultValue = "true")
    Boolean show_extras_results,
    @Schema(description = "Must be 0: sdnest has no face restorers", defaultValue = "0") Double gfpgan_visibility,
    @Schema(description = "Must be 0: sdnest has no face restorers", defaultValue = "0") Double codeformer_visibility,
    @Schema(defaultValue = "0") Double codeformer_weight,
    @Schema(description = "Scale factor (> 0)", defaultValue = "2") Number upscaling_resize,
    @Schema(defaultValue = "512") Integer upscaling_resize_w,
    @Schema(defaultValue = "512") Integer upscaling_resize_h,
    @Schema(defaultValue = "true") Boolean upscaling_crop,
    @Schema(description = "None, Lanczos or Nearest", defaultValue = "None") String upscaler_1,
    @Schema(description = "None, Lanczos or Nearest", defaultValue = "None") String upscaler_2,
    @Schema(defaultValue = "0") Double extras_upscaler_2_visibility,
    @Schema(defaultValue = "false") Boolean upscale_first,
    @Schema(description = "Base64 image, raw or as a data: URL (or an https URL when enabled)", defaultValue = "")
    String image) implements ExtrasParameters {
}
