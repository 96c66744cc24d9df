package io.sdnest.inference.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the pipeline's ONNX Runtime calls other than the UNet (text encoder, VAE) run: on the calling thread, one part
 * per call, or handed to the thread that owns the device, which may merge parts of several requests into one call.
 * Either way a part's result is the same, since the models compute rows independently ({@link MergeableCall}).
 */
public interface DeviceCalls {

  /** Every part in a call of its own on the calling thread. */
  DeviceCalls DIRECT = new DeviceCalls() {
    @Override
    public <P, R> List<R> run(MergeableCall<P, R> call, List<P> parts) {
      List<R> out = new ArrayList<>(parts.size());
      for (P part : parts) {
        out.add(call.run(List.of(part)).get(0));
      }
      return out;
    }
  };

  /**
   * Runs {@code parts} where the device's sessions may be called and returns their results in order, or throws the
   * exception of the first failed part once all are done.
   */
  <P, R> List<R> run(MergeableCall<P, R> call, List<P> parts);

  default <P, R> R run(MergeableCall<P, R> call, P part) {
    return run(call, List.of(part)).get(0);
  }
}
