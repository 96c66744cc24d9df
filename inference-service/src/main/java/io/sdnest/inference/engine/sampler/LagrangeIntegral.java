package io.sdnest.inference.engine.sampler;

/** Exact integral of a Lagrange basis polynomial, the linear multistep coefficient of k-diffusion's LMS. */
final class LagrangeIntegral {

  private LagrangeIntegral() {
  }

  /**
   * ∫_{t_i}^{t_{i+1}} Π_{k≠j, k<order} (τ − t_{i−k})/(t_{i−j} − t_{i−k}) dτ.
   */
  static double of(double[] t, int i, int j, int order) {
    // expand the numerator polynomial, coefficients by ascending power
    double[] poly = {1};
    double denominator = 1;
    for (int k = 0; k < order; k++) {
      if (k == j) {
        continue;
      }
      double root = t[i - k];
      double[] next = new double[poly.length + 1];
      for (int p = 0; p < poly.length; p++) {
        next[p + 1] += poly[p];
        next[p] -= root * poly[p];
      }
      poly = next;
      denominator *= t[i - j] - root;
    }
    return (antiderivative(poly, t[i + 1]) - antiderivative(poly, t[i])) / denominator;
  }

  private static double antiderivative(double[] poly, double x) {
    double sum = 0;
    for (int p = poly.length - 1; p >= 0; p--) {
      sum = sum * x + poly[p] / (p + 1);
    }
    return sum * x;
  }
}
