package io.sdnest.inference.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.sdnest.common.error.A1111Error;

/** An async job as {@code GET /sdnest/v1/jobs/{id}} shows it. */
@Schema(name = "JobStatus")
@JsonPropertyOrder({"id", "state", "kind", "created", "finished", "progress", "eta_seconds", "sampling_step",
    "sampling_steps", "job_no", "job_count", "result", "error"})
public record JobStatus(
    @Schema(example = "r1-4fQ9xZk2VbN7pL0sTqW8aY") String id,
    @Schema(description = "queued, running, done, failed or cancelled", example = "running") String state,
    @Schema(description = "txt2img or img2img", example = "txt2img") String kind,
    Instant created,
    @Schema(description = "When the job ended; null while queued or running") Instant finished,
    @Schema(description = "0 to 1, A1111's progress formula; 1 once finished", example = "0.42") double progress,
    @Schema(description = "Seconds left at the measured time per step; null before the second step", example = "3.5")
    Double eta_seconds,
    @Schema(description = "Steps done in the current pass", example = "8") int sampling_step,
    @Schema(description = "Steps of the current pass", example = "20") int sampling_steps,
    @Schema(description = "Index of the pass in progress (n_iter batches, then hires passes)", example = "0") int job_no,
    @Schema(description = "Passes in all", example = "1") int job_count,
    @Schema(description = "When done: the body txt2img/img2img would have answered; else null") GenerationResponse result,
    @Schema(description = "When failed: the A1111 error body the request would have answered with; else null")
    A1111Error error) {
}
