package io.sdnest.downloader.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A file that was uploaded and published. */
@Schema(name = "Upload")
public record UploadResult(
    @Schema(example = "models/Lora/style.preview.png") String target,
    long size,
    String sha256) {
}
