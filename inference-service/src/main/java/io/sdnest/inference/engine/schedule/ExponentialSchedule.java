package io.sdnest.inference.engine.schedule;

/** Log-linear from σ_max to σ_min, then 0 (k-diffusion {@code get_sigmas_exponential}). */
public final class ExponentialSchedule implements SigmaSchedule {

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double[] logs = SigmaSchedule.linspace(Math.log(model.sigmaMax()), Math.log(model.sigmaMin()), steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = Math.exp(logs[i]);
    }
    return sigmas;
  }
}
