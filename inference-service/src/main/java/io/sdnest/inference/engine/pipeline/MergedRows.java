package io.sdnest.inference.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.sdnest.inference.engine.tensor.FloatTensor;

/** Splitting a merged call's output back into its parts' rows. */
final class MergedRows {

  private MergedRows() {
  }

  /** {@code merged} cut along its first axis into consecutive pieces of {@code rows[i]} rows. */
  static List<FloatTensor> split(FloatTensor merged, List<Integer> rows) {
    int total = rows.stream().mapToInt(Integer::intValue).sum();
    if (merged.rank() == 0 || merged.dim(0) != total) {
      throw new IllegalStateException("a merged call of " + total + " rows returned " + merged);
    }
    List<FloatTensor> out = new ArrayList<>(rows.size());
    int at = 0;
    for (int n : rows) {
      out.add(merged.rows(at, n));
      at += n;
    }
    return out;
  }
}
