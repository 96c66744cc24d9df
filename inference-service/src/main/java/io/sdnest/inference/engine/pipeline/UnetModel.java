package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** The UNet as {@link UnetBatch} calls it; {@link #of} adapts the ONNX model (a stand-in can measure the rest). */
public interface UnetModel {

  /** See {@link OnnxUnet#predict}. */
  FloatTensor predict(FloatTensor sample, double[] timesteps, FloatTensor context);

  /** Whether rows of one call may have different timesteps. */
  boolean perRowTimesteps();

  static UnetModel of(OnnxUnet unet) {
    return new UnetModel() {
      @Override
      public FloatTensor predict(FloatTensor sample, double[] timesteps, FloatTensor context) {
        return unet.predict(sample, timesteps, context);
      }

      @Override
      public boolean perRowTimesteps() {
        return unet.perRowTimesteps();
      }
    };
  }
}
