package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.TextEncoder;

/**
 * A text encoder whose calls go through {@link DeviceCalls}, so the prompt conditioning (parsing, tokenizing, chunking,
 * emphasis) runs on the request's thread and only the token rows reach the device.
 */
final class DeviceTextEncoder implements TextEncoder {

  private final TextEncoder encoder;
  private final DeviceCalls device;

  DeviceTextEncoder(TextEncoder encoder, DeviceCalls device) {
    this.encoder = encoder;
    this.device = device;
  }

  @Override
  public int hiddenSize() {
    return encoder.hiddenSize();
  }

  @Override
  public boolean exposesHiddenStates() {
    return encoder.exposesHiddenStates();
  }

  @Override
  public FloatTensor encode(int[][] ids, int clipSkip) {
    return device.run(TextEncoderCall.INSTANCE, new TextEncoderCall.Tokens(encoder, ids, clipSkip));
  }
}
