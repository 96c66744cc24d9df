package io.sdnest.inference.engine.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.quarkus.logging.Log;

/**
 * Opens ONNX Runtime sessions on the configured execution provider. Sessions are opened by path so that external
 * weights ({@code model.onnx_data}, {@code weights.pb}) resolve next to the model and may exceed 2 GB.
 */
public final class OnnxSessionFactory {

  private final ExecutionProvider requested;
  private final int deviceId;
  private final int cpuThreads;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private volatile String inUse;

  public OnnxSessionFactory(ExecutionProvider requested, int deviceId, int cpuThreads) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("sdnest.inference.device-id must be >= 0, got " + deviceId);
    }
    if (cpuThreads < 0) {
      throw new IllegalArgumentException("sdnest.inference.cpu-threads must be >= 0, got " + cpuThreads);
    }
    this.requested = requested;
    this.deviceId = deviceId;
    this.cpuThreads = cpuThreads;
  }

  public static OnnxSessionFactory cpu() {
    return new OnnxSessionFactory(ExecutionProvider.CPU, 0, 0);
  }

  public OrtEnvironment environment() {
    return env;
  }

  /** The provider the sessions run on ("CUDA:0", "TensorRT:0", "CPU"), or null before the first session. */
  public String providerInUse() {
    return inUse;
  }

  /** Whether sessions on {@code providerInUse} (as {@link #providerInUse()}) run on a CUDA device. */
  public static boolean onCudaDevice(String providerInUse) {
    return providerInUse != null && (providerInUse.startsWith("CUDA") || providerInUse.startsWith("TensorRT"));
  }

  public ExecutionProvider requested() {
    return requested;
  }

  /** Opens the model at {@code model}; a GPU provider asked for explicitly that cannot be used is an error. */
  public OrtSession open(Path model) {
    if (!Files.isRegularFile(model)) {
      throw new ModelLoadException(model, "file not found");
    }
    String path = model.toAbsolutePath().toString();
    switch (requested) {
      case CPU:
        return openOn(path, "CPU", false, false);
      case CUDA:
        return openOn(path, "CUDA:" + deviceId, true, false);
      case TENSORRT:
        return openOn(path, "TensorRT:" + deviceId, true, true);
      default:
        return openAuto(path);
    }
  }

  private OrtSession openAuto(String path) {
    if ("CPU".equals(inUse)) {
      return openOn(path, "CPU", false, false);
    }
    ModelLoadException cudaFailure;
    try {
      return openOn(path, "CUDA:" + deviceId, true, false);
    } catch (ModelLoadException e) {
      if (inUse != null) {
        throw e;
      }
      cudaFailure = e;
    }
    OrtSession session = openOn(path, "CPU", false, false);
    Log.warnf("Execution provider auto: CUDA is unavailable on device %d (%s); running on the CPU", deviceId,
        rootMessage(cudaFailure));
    return session;
  }

  private OrtSession openOn(String path, String provider, boolean cuda, boolean tensorrt) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (cpuThreads > 0) {
        options.setIntraOpNumThreads(cpuThreads);
      }
      if (tensorrt) {
        options.addTensorrt(deviceId);
      }
      if (cuda) {
        options.addCUDA(deviceId);
      }
      OrtSession session = env.createSession(path, options);
      inUse = provider;
      return session;
    } catch (OrtException e) {
      String what = cuda ? "cannot use the " + provider + " execution provider: " : "";
      throw new ModelLoadException(Path.of(path), what + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    String m = String.valueOf(c.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
