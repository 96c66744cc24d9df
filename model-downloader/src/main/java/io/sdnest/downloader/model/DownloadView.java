package io.sdnest.downloader.model;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A download job as the API shows it. */
@Schema(name = "Download")
public record DownloadView(
    @Schema(example = "3f2a9c1e8b7d4e60") String id,
    @Schema(description = "The pasted URL; a hub link without the hub token it carried (?token=)") String url,
    ModelType type,
    Kind kind,
    JobState state,
    @Schema(description = "modelscope, liblib, civitai, huggingface or direct") String hub,
    @Schema(description = "The hub's own type for the model mapped to ours, when the hub says (liblib); a download may "
        + "still go to another type's folder") ModelType hubType,
    @Schema(description = "Final path relative to the data directory, once known", example = "models/Stable-diffusion/sd15.safetensors")
    String target,
    @Schema(description = "Bytes received so far") long bytesDone,
    @Schema(description = "Total bytes, when known") Long bytesTotal,
    @Schema(description = "Bytes per second") long speed,
    @Schema(description = "Seconds left, while downloading") Long etaSeconds,
    @Schema(description = "SHA-256 of the published file") String sha256,
    @Schema(description = "Why the job failed") FailureReason reason,
    @Schema(description = "What went wrong, in words") String error,
    @Schema(description = "Repository files that were not downloaded (dot files, disallowed types)") List<String> skipped,
    Instant createdAt,
    Instant updatedAt) {
}
