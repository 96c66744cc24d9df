package io.sdnest.inference.engine.schedule;

/**
 * Karras et al. 2022 (EDM), eq. 5: σ_i = (σ_max^(1/ρ) + i/(n−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ, then 0
 * (k-diffusion {@code get_sigmas_karras}).
 */
public final class KarrasSchedule implements SigmaSchedule {

  public static final double DEFAULT_RHO = 7.0;

  private final double rho;

  public KarrasSchedule() {
    this(DEFAULT_RHO);
  }

  public KarrasSchedule(double rho) {
    this.rho = rho;
  }

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double minInvRho = Math.pow(model.sigmaMin(), 1 / rho);
    double maxInvRho = Math.pow(model.sigmaMax(), 1 / rho);
    double[] ramp = SigmaSchedule.linspace(0, 1, steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), rho);
    }
    return sigmas;
  }
}
