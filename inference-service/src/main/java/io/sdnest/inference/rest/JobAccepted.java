package io.sdnest.inference.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an async txt2img/img2img (202): where to follow the job. */
@Schema(name = "JobAccepted")
public record JobAccepted(
    @Schema(description = "The job id: <replica>-<random> behind the gateway, force_task_id as the random part if sent",
        example = "r1-4fQ9xZk2VbN7pL0sTqW8aY") String id,
    @Schema(description = "queued or running", example = "queued") String state,
    @Schema(description = "Where the job's state and result are", example = "/sdnest/v1/jobs/r1-4fQ9xZk2VbN7pL0sTqW8aY")
    String location) {
}
