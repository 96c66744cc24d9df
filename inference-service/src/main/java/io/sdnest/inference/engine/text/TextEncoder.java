package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.tensor.FloatTensor;

/** The text encoder as the prompt conditioning sees it (CLIP's {@code text_encoder} model). */
public interface TextEncoder {

  /** Hidden width of the states it returns (768 for SD 1.x, 1024 for SD 2.x). */
  int hiddenSize();

  /** Whether it can return the states of earlier layers, which clip skip needs. */
  boolean exposesHiddenStates();

  /**
   * Encodes token ids, {@code ids[rows][77]}, into hidden states {@code [rows, 77, hiddenSize]}.
   *
   * @param clipSkip 1 = the last layer's states; n = the states n-1 layers before the last, final layer norm applied
   *                 as A1111 does ({@code CLIP_stop_at_last_layers})
   */
  FloatTensor encode(int[][] ids, int clipSkip);
}
