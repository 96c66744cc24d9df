package io.sdnest.inference.engine.schedule;

/** A1111 "Simple": every (T/n)-th training sigma from the top, σ[T − 1 − floor(i·T/n)], then 0. */
public final class SimpleSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double stride = (double) model.size() / steps;
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = model.sigma(model.size() - 1 - (int) (i * stride));
    }
    return sigmas;
  }
}
