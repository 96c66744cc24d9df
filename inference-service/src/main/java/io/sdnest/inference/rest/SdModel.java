package io.sdnest.inference.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sdnest.inference.engine.model.ModelEntry;

/** One entry of A1111's {@code GET /sdapi/v1/sd-models}. */
@Schema(name = "SDModelItem")
public record SdModel(
    @Schema(example = "sdnest-demo [1a2b3c4d5e]") String title,
    @Schema(example = "sdnest-demo") String model_name,
    @Schema(description = "First 10 hex digits of the sha256", example = "1a2b3c4d5e") String hash,
    String sha256,
    @Schema(description = "Absolute path of the model") String filename,
    @Schema(description = "Always null: sdnest reads no .yaml configs") String config) {

  public static SdModel of(ModelEntry entry) {
    return new SdModel(entry.title(), entry.modelName(), entry.shorthash(), entry.sha256(), entry.path().toString(), null);
  }
}
