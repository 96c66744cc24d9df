package io.sdnest.inference.engine.pipeline;

import java.util.function.Supplier;

/**
 * Where the pipeline's ONNX Runtime calls other than the UNet (text encoder, VAE) run: on the calling thread, or handed
 * to the thread that owns the device.
 */
@FunctionalInterface
public interface DeviceCalls {

  DeviceCalls DIRECT = new DeviceCalls() {
    @Override
    public <T> T call(Supplier<T> work) {
      return work.get();
    }
  };

  /** Runs {@code work} where the device's sessions may be called and returns its result (or throws its exception). */
  <T> T call(Supplier<T> work);
}
