package io.sdnest.inference.engine.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One model in {@code models/Stable-diffusion}, named as A1111 names checkpoints.
 *
 * @param name        path relative to the models folder, with '/' separators (A1111's checkpoint name)
 * @param modelName   {@code name} without extension, '/' and '\' replaced by '_' (A1111's {@code model_name})
 * @param sha256      of {@link #weightsFile()}
 * @param path        the pipeline folder or the single file
 * @param weightsFile the file hashed: a pipeline's UNet weights, or the single file
 * @param format      how the model is stored
 * @param pipeline    the pipeline description, for ONNX pipeline folders
 * @param problem     why it cannot be loaded, if it cannot
 */
public record ModelEntry(String name, String modelName, String sha256, Path path, Path weightsFile, Format format,
                         PipelineFolder pipeline, Optional<String> problem) {

  public enum Format { ONNX_PIPELINE, SAFETENSORS, CKPT }

  /** First 10 hex digits of the sha256. */
  public String shorthash() {
    return sha256.substring(0, 10);
  }

  /** A1111's title: {@code name [shorthash]}. */
  public String title() {
    return name + " [" + shorthash() + "]";
  }

  public boolean loadable() {
    return problem.isEmpty();
  }

  /** Whether {@code key} names this model: title, name, model_name, sha256, shorthash or "name [hash]". */
  public boolean matches(String key) {
    if (key == null || key.isBlank()) {
      return false;
    }
    String k = key.trim();
    return k.equals(title()) || k.equals(name) || k.equals(modelName) || k.equalsIgnoreCase(sha256)
        || k.equalsIgnoreCase(shorthash());
  }
}
