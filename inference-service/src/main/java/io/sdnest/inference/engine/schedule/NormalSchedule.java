package io.sdnest.inference.engine.schedule;

/** A1111 "Normal": t evenly spaced from t(σ_max) to t(σ_min), n points, then 0. */
public final class NormalSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    return TimestepSpacing.sigmas(model, steps, false);
  }
}
