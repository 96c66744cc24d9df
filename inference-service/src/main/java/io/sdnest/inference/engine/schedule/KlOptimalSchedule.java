package io.sdnest.inference.engine.schedule;

/**
 * "KL Optimal" (Sabour et al. 2024, "Align Your Steps", eq. 9): σ_i = tan((1 − i/n)·atan σ_max + i/n·atan σ_min) for
 * i = 0..n. As in A1111 the last value is σ_min, not 0.
 */
public final class KlOptimalSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double alphaMin = Math.atan(model.sigmaMin());
    double alphaMax = Math.atan(model.sigmaMax());
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      double f = (double) i / steps;
      sigmas[i] = Math.tan(f * alphaMin + (1 - f) * alphaMax);
    }
    return sigmas;
  }
}
