package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/** One ONNX session with its inputs and outputs as the graph declares them. */
class OnnxModel implements AutoCloseable {

  protected final Path path;
  protected final OrtSession session;
  protected final OrtEnvironment env;
  private final Map<String, NodeInfo> inputs;
  private final Map<String, NodeInfo> outputs;

  OnnxModel(OnnxSessionFactory sessions, Path path) {
    this.path = path;
    this.env = sessions.environment();
    this.session = sessions.open(path);
    try {
      this.inputs = session.getInputInfo();
      this.outputs = session.getOutputInfo();
    } catch (OrtException e) {
      closeQuietly();
      throw new ModelLoadException(path, "cannot read the model's inputs and outputs: " + e.getMessage(), e);
    }
  }

  Optional<TensorInfo> input(String name) {
    return tensorInfo(inputs.get(name));
  }

  Optional<TensorInfo> output(String name) {
    return tensorInfo(outputs.get(name));
  }

  Map<String, NodeInfo> inputs() {
    return inputs;
  }

  Map<String, NodeInfo> outputs() {
    return outputs;
  }

  /** The input named {@code preferred}, or the only input there is; otherwise a load error naming the file. */
  String requireInput(String preferred) {
    return require(inputs, preferred, "input");
  }

  String requireOutput(String... preferred) {
    for (String p : preferred) {
      if (outputs.containsKey(p)) {
        return p;
      }
    }
    return require(outputs, preferred[0], "output");
  }

  private String require(Map<String, NodeInfo> infos, String preferred, String what) {
    if (infos.containsKey(preferred)) {
      return preferred;
    }
    if (infos.size() == 1) {
      return infos.keySet().iterator().next();
    }
    throw new ModelLoadException(path, "no " + what + " named '" + preferred + "' (it has " + infos.keySet() + ")");
  }

  TensorInfo info(String name) {
    NodeInfo n = inputs.containsKey(name) ? inputs.get(name) : outputs.get(name);
    return tensorInfo(n).orElseThrow(() -> new ModelLoadException(path, name + " is not a tensor"));
  }

  private static Optional<TensorInfo> tensorInfo(NodeInfo n) {
    return n != null && n.getInfo() instanceof TensorInfo ? Optional.of((TensorInfo) n.getInfo()) : Optional.empty();
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      // already closed: nothing left to release
    }
  }
}
