package io.sdnest.downloader.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A model on the data volume. */
@Schema(name = "Model")
public record ModelEntry(
    @Schema(example = "sd15.safetensors") String name,
    ModelType type,
    @Schema(description = "Path relative to the data directory", example = "models/Stable-diffusion/sd15.safetensors") String path,
    @Schema(description = "Bytes (a folder: all its files)") long size,
    @Schema(description = "Whether this is a folder (an ONNX pipeline)") boolean folder,
    @Schema(description = "First 10 hex characters of the SHA-256, when known", example = "6ce0161689") String shorthash,
    @Schema(description = "Full SHA-256, when known") String sha256,
    @Schema(description = "Whether a preview image sits beside it") boolean preview,
    @JsonProperty("unsafe_pickle") @Schema(description = "A pickle format (.ckpt/.pt/.pth/.bin), which can run code when loaded")
    boolean unsafePickle,
    @Schema(description = "The safetensors header's __metadata__ (values over 512 characters left out)") Map<String, String> metadata) {
}
