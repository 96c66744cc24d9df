package io.sdnest.inference.engine.text;

/** One encoder input row: BOS, up to 75 content tokens, EOS padding; and one weight per position. */
record PromptChunk(int[] tokens, float[] multipliers) {
}
