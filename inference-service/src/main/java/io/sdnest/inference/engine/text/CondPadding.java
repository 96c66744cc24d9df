package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * Brings conditionings of different token lengths to one length, the ways A1111 does it. Tensors are
 * {@code [rows, tokens, dim]}.
 */
public final class CondPadding {

  /** A conditioning pair of equal token length. */
  public record Pair(FloatTensor cond, FloatTensor uncond) {
  }

  private CondPadding() {
  }

  /**
   * A1111's {@code pad_cond_uncond}: the shorter of cond and uncond gets copies of the empty prompt's conditioning
   * ({@code empty}, {@code [1, 77, dim]}) appended until both are equally long.
   */
  public static Pair padWithEmptyPrompt(FloatTensor cond, FloatTensor uncond, FloatTensor empty) {
    long diff = cond.dim(1) - uncond.dim(1);
    long repeats = Math.floorDiv(diff, empty.dim(1));
    if (repeats < 0) {
      return new Pair(appendRepeated(cond, empty.data(), -repeats), uncond);
    }
    if (repeats > 0) {
      return new Pair(cond, appendRepeated(uncond, empty.data(), repeats));
    }
    return new Pair(cond, uncond);
  }

  /**
   * A1111's {@code pad_cond_uncond_v0} (DDIM's padding before 1.6): uncond is cut to cond's length or extended by
   * repeating its last token vector.
   */
  public static Pair padUncondV0(FloatTensor cond, FloatTensor uncond) {
    return new Pair(cond, toLength(uncond, cond.dim(1)));
  }

  /**
   * {@code t} cut or extended to {@code tokens} by repeating its last token vector (also how A1111 stacks {@code AND}
   * sub-prompts of different lengths).
   */
  public static FloatTensor toLength(FloatTensor t, long tokens) {
    int rows = Math.toIntExact(t.dim(0));
    int have = Math.toIntExact(t.dim(1));
    int dim = Math.toIntExact(t.dim(2));
    int want = Math.toIntExact(tokens);
    float[] out = new float[rows * want * dim];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < want; k++) {
        int src = Math.min(k, have - 1);
        System.arraycopy(t.data(), (r * have + src) * dim, out, (r * want + k) * dim, dim);
      }
    }
    return new FloatTensor(out, new long[] {rows, want, dim});
  }

  /** Appends {@code block} ({@code [1, n, dim]}) {@code times} times to every row of {@code t}. */
  private static FloatTensor appendRepeated(FloatTensor t, float[] block, long times) {
    int rows = Math.toIntExact(t.dim(0));
    int rowSize = t.rowSize();
    int extra = Math.toIntExact(block.length * times);
    float[] out = new float[rows * (rowSize + extra)];
    for (int r = 0; r < rows; r++) {
      int at = r * (rowSize + extra);
      System.arraycopy(t.data(), r * rowSize, out, at, rowSize);
      for (long k = 0; k < times; k++) {
        System.arraycopy(block, 0, out, Math.toIntExact(at + rowSize + k * block.length), block.length);
      }
    }
    long tokens = t.dim(1) + extra / t.dim(2);
    return new FloatTensor(out, new long[] {rows, tokens, t.dim(2)});
  }
}
