package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** The UNet as {@link UnetBatch} calls it; {@link #of} adapts the ONNX model (a stand-in can measure the rest). */
public interface UnetModel {

  /**
   * See {@link OnnxUnet#predict(FloatTensor, double[], FloatTensor, float[])}: writes the {@code [batch, 4, h, w]}
   * prediction into {@code out}, which the caller owns and reuses between calls.
   */
  void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out);

  /** Whether rows of one call may have different timesteps. */
  boolean perRowTimesteps();

  static UnetModel of(OnnxUnet unet) {
    return new UnetModel() {
      @Override
      public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
        unet.predict(sample, timesteps, context, out);
      }

      @Override
      public boolean perRowTimesteps() {
        return unet.perRowTimesteps();
      }
    };
  }
}
