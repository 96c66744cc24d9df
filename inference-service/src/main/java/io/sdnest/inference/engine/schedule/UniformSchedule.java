package io.sdnest.inference.engine.schedule;

/** A1111 "Uniform" (and what "Automatic" gives samplers without a schedule of their own): the model's own sigmas at
 * t = linspace(T−1, 0, n), k-diffusion {@code DiscreteSchedule.get_sigmas}. */
public final class UniformSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double[] t = SigmaSchedule.linspace(model.size() - 1, 0, steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = model.tToSigma(t[i]);
    }
    return sigmas;
  }
}
