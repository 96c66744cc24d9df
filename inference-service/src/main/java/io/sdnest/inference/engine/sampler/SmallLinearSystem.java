package io.sdnest.inference.engine.sampler;

/** Gaussian elimination with partial pivoting for the tiny (≤ 3×3) systems of UniPC's coefficients. */
final class SmallLinearSystem {

  private SmallLinearSystem() {
  }

  /** Solves the leading n×n block of a·x = b. */
  static double[] solve(double[][] a, double[] b, int n) {
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double f = m[row][col] / m[col][col];
        for (int c = col; c <= n; c++) {
          m[row][c] -= f * m[col][c];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = m[row][n];
      for (int c = row + 1; c < n; c++) {
        sum -= m[row][c] * x[c];
      }
      x[row] = sum / m[row][row];
    }
    return x;
  }
}
