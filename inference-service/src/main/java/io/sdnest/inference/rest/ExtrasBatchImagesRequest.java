package io.sdnest.inference.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.sdnest.inference.service.ExtrasParameters;

/** A1111's {@code ExtrasBatchImagesRequest}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "ExtrasBatchImagesRequest", example = ExtrasExamples.BATCH_REQUEST)
public record ExtrasBatchImagesRequest(
    @Schema(defaultValue = "0") Integer resize_mode,
    @Schema(defaultValue = "true") Boolean show_extras_results,
    @Schema(defaultValue = "0") Double gfpgan_visibility,
    @Schema(defaultValue = "0") Double codeformer_visibility,
    @Schema(defaultValue = "0") Double codeformer_weight,
    @Schema(defaultValue = "2") Number upscaling_resize,
    @Schema(defaultValue = "512") Integer upscaling_resize_w,
    @Schema(defaultValue = "512") Integer upscaling_resize_h,
    @Schema(defaultValue = "true") Boolean upscaling_crop,
    @Schema(defaultValue = "None") String upscaler_1,
    @Schema(defaultValue = "None") String upscaler_2,
    @Schema(defaultValue = "0") Double extras_upscaler_2_visibility,
    @Schema(defaultValue = "false") Boolean upscale_first,
    @Schema(required = true) List<FileData> imageList) implements ExtrasParameters {

  /** A1111's {@code FileData}. */
  @Schema(name = "FileData")
  public record FileData(@Schema(description = "Base64 image, raw or as a data: URL") String data,
      @Schema(example = "cat.png") String name) {
  }
}
