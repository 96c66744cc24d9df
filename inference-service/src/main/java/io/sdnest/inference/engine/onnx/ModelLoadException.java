package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;

/** A model file or folder that cannot be loaded; the message names the file and the reason. */
public class ModelLoadException extends RuntimeException {

  public ModelLoadException(Path file, String reason) {
    super("Cannot load " + file + ": " + reason);
  }

  public ModelLoadException(Path file, String reason, Throwable cause) {
    super("Cannot load " + file + ": " + reason, cause);
  }

  public ModelLoadException(String message) {
    super(message);
  }
}
