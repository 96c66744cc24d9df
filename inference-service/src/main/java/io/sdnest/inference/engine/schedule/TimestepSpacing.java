package io.sdnest.inference.engine.schedule;

/** Sigmas at timesteps spaced evenly between those of σ_max and σ_min (A1111 {@code normal_scheduler}). */
final class TimestepSpacing {

  private TimestepSpacing() {
  }

  /**
   * @param points   number of timesteps in linspace(t(σ_max), t(σ_min), points)
   * @param dropLast whether the last of them (t of σ_min) is left out, as SGM Uniform does
   */
  static double[] sigmas(ModelSigmas model, int points, boolean dropLast) {
    double[] t = SigmaSchedule.linspace(model.sigmaToT(model.sigmaMax()), model.sigmaToT(model.sigmaMin()), points);
    int kept = dropLast ? points - 1 : points;
    double[] sigmas = new double[kept + 1];
    for (int i = 0; i < kept; i++) {
      sigmas[i] = model.tToSigma(t[i]);
    }
    return sigmas;
  }
}
