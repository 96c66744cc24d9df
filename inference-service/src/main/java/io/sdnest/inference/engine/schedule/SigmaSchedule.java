package io.sdnest.inference.engine.schedule;

/** One of A1111's schedule types: the noise levels a k-diffusion sampler steps through. */
public interface SigmaSchedule {

  /**
   * The descending noise levels for {@code steps} sampling steps, normally {@code steps + 1} values ending in 0 (some
   * A1111 schedules differ, e.g. DDIM may give more and KL Optimal ends at σ_min; those quirks are kept).
   */
  double[] sigmas(int steps, ModelSigmas model);

  /** Appends the final 0 (k-diffusion {@code append_zero}). */
  static double[] withZero(double[] sigmas) {
    return java.util.Arrays.copyOf(sigmas, sigmas.length + 1);
  }

  /** {@code n} evenly spaced values from {@code from} to {@code to} inclusive (torch/numpy {@code linspace}). */
  static double[] linspace(double from, double to, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
    }
    return out;
  }
}
