package io.sdnest.inference.engine.schedule;

/**
 * A1111 "DDIM" schedule type: training sigmas at t = 1, 1 + s, 1 + 2s, … (s = T div n) below T, descending, then 0.
 * When n does not divide T this gives more than n steps, as in A1111.
 */
public final class DdimSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    int stride = Math.max(model.size() / steps, 1);
    int count = (model.size() - 1 + stride - 1) / stride;
    double[] sigmas = new double[count + 1];
    for (int i = 0; i < count; i++) {
      sigmas[count - 1 - i] = model.sigma(1 + i * stride);
    }
    return sigmas;
  }
}
