package io.sdnest.inference.engine.schedule;

/** A1111 "SGM Uniform": t evenly spaced from t(σ_max) to t(σ_min) in n + 1 points, the last dropped, then 0. */
public final class SgmUniformSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    return TimestepSpacing.sigmas(model, steps + 1, true);
  }
}
