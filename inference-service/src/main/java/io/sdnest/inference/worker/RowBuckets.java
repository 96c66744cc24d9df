package io.sdnest.inference.worker;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Row counts UNet calls are padded up to, so ONNX Runtime meets only a few batch shapes: on CUDA every new shape costs
 * a cuDNN algorithm search and workspace allocation; on CPU padding only costs compute, so none is the default there.
 * Padding rows repeat a real row and their outputs are dropped.
 */
public record RowBuckets(List<Integer> sizes) {

  public static final RowBuckets NONE = new RowBuckets(List.of());

  public RowBuckets {
    sizes = sizes.stream().filter(n -> n > 0).distinct().sorted().toList();
  }

  /** Powers of two up to {@code maxRows}, and {@code maxRows} itself. */
  public static RowBuckets powersOfTwo(int maxRows) {
    return new RowBuckets(IntStream.concat(IntStream.iterate(1, n -> n <= maxRows, n -> n * 2), IntStream.of(maxRows))
        .boxed().toList());
  }

  /** The rows a call of {@code rows} real rows runs with: the smallest bucket that holds them, capped at {@code max}. */
  public int padded(int rows, int max) {
    for (int size : sizes) {
      if (size >= rows) {
        return Math.max(rows, Math.min(size, max));
      }
    }
    return rows;
  }
}
