package io.sdnest.inference.engine.tensor;

import java.util.Arrays;
import java.util.List;

/** A dense row-major float tensor: what flows between the pipeline's stages. */
public record FloatTensor(float[] data, long[] shape) {

  public FloatTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  public static FloatTensor zeros(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return new FloatTensor(new float[Math.toIntExact(n)], shape);
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int i) {
    return shape[i];
  }

  /** Number of values in one row of the first axis. */
  public int rowSize() {
    return shape.length == 0 ? 1 : Math.toIntExact(data.length / shape[0]);
  }

  /** A copy of row {@code i} of the first axis. */
  public float[] row(int i) {
    int n = rowSize();
    return Arrays.copyOfRange(data, i * n, (i + 1) * n);
  }

  /** Rows {@code from .. from + count - 1} of the first axis as a tensor of their own (a copy). */
  public FloatTensor rows(int from, int count) {
    int n = rowSize();
    long[] out = shape.clone();
    out[0] = count;
    return new FloatTensor(Arrays.copyOfRange(data, from * n, (from + count) * n), out);
  }

  /** {@code parts} stacked along the first axis; all must have the same shape after it. */
  public static FloatTensor concatRows(List<FloatTensor> parts) {
    long[] shape = parts.get(0).shape().clone();
    long rows = 0;
    int values = 0;
    for (FloatTensor p : parts) {
      if (p.rank() != shape.length || !Arrays.equals(p.shape(), 1, shape.length, shape, 1, shape.length)) {
        throw new IllegalArgumentException("cannot stack " + p + " with " + parts.get(0));
      }
      rows += p.dim(0);
      values += p.data().length;
    }
    float[] data = new float[values];
    int at = 0;
    for (FloatTensor p : parts) {
      System.arraycopy(p.data(), 0, data, at, p.data().length);
      at += p.data().length;
    }
    shape[0] = rows;
    return new FloatTensor(data, shape);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
