package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/** A text encoder whose states are a known function of the token id and position; it records every call. */
final class FakeTextEncoder implements TextEncoder {

  static final int DIM = 4;

  record Call(int[][] ids, int clipSkip) {
  }

  final List<Call> calls = new ArrayList<>();
  private final boolean hiddenStates;

  FakeTextEncoder(boolean hiddenStates) {
    this.hiddenStates = hiddenStates;
  }

  /** Distinct per token, position and channel, and positive so means are far from zero. */
  static float state(int id, int position, int channel) {
    return 1 + (id % 997) * 0.01f + position * 0.001f + channel * 0.25f;
  }

  @Override
  public int hiddenSize() {
    return DIM;
  }

  @Override
  public boolean exposesHiddenStates() {
    return hiddenStates;
  }

  @Override
  public FloatTensor encode(int[][] ids, int clipSkip) {
    calls.add(new Call(ids, clipSkip));
    int length = ids[0].length;
    float[] z = new float[ids.length * length * DIM];
    for (int r = 0; r < ids.length; r++) {
      for (int t = 0; t < length; t++) {
        for (int d = 0; d < DIM; d++) {
          z[(r * length + t) * DIM + d] = state(ids[r][t], t, d);
        }
      }
    }
    return new FloatTensor(z, new long[] {ids.length, length, DIM});
  }
}
