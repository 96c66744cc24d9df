package io.sdnest.inference.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A1111's {@code ProgressResponse} (a1111-api.md §1.4). */
@Schema(name = "ProgressResponse")
public record ProgressResponse(
    @Schema(description = "0 to 1", example = "0.0") double progress,
    @Schema(description = "Estimated seconds left", example = "0.0") double eta_relative,
    State state,
    @Schema(description = "Live preview, base64 PNG, or null") String current_image,
    String textinfo) {

  /** A1111's {@code shared.state} as the progress route shows it, in its key order. */
  @Schema(name = "ProgressState")
  @JsonPropertyOrder({"skipped", "interrupted", "stopping_generation", "job", "job_count", "job_timestamp", "job_no",
      "sampling_step", "sampling_steps"})
  public record State(boolean skipped, boolean interrupted, boolean stopping_generation,
      @Schema(example = "scripts_txt2img") String job, int job_count,
      @Schema(description = "YYYYmmddHHMMSS, '0' before the first job") String job_timestamp, int job_no,
      int sampling_step, int sampling_steps) {
  }
}
