package io.sdnest.inference.engine.onnx;

/** The ONNX Runtime execution provider asked for in the configuration. */
public enum ExecutionProvider {
  /** CUDA when it can be used on the configured device, otherwise the CPU. */
  AUTO,
  CUDA,
  /** TensorRT, with CUDA for the nodes TensorRT does not take. */
  TENSORRT,
  CPU
}
