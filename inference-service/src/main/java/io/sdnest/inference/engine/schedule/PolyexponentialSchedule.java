package io.sdnest.inference.engine.schedule;

/** log σ = ramp^ρ·(log σ_max − log σ_min) + log σ_min with ramp = linspace(1, 0, n), then 0
 * (k-diffusion {@code get_sigmas_polyexponential}; ρ = 1 is Exponential). */
public final class PolyexponentialSchedule implements SigmaSchedule {

  public static final double DEFAULT_RHO = 1.0;

  private final double rho;

  public PolyexponentialSchedule() {
    this(DEFAULT_RHO);
  }

  public PolyexponentialSchedule(double rho) {
    this.rho = rho;
  }

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double logMin = Math.log(model.sigmaMin());
    double logMax = Math.log(model.sigmaMax());
    double[] ramp = SigmaSchedule.linspace(1, 0, steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = Math.exp(Math.pow(ramp[i], rho) * (logMax - logMin) + logMin);
    }
    return sigmas;
  }
}
