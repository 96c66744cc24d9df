package io.sdnest.inference.engine.tensor;

import java.util.Arrays;

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

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
