package io.sdnest.inference.engine.schedule;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * "Beta" (Lee et al. 2024, "Beta Sampling is All You Need", arXiv:2407.12173): σ_i = σ_min + F⁻¹(1 − i/(n−1))·(σ_max −
 * σ_min) with F the Beta(α, β) CDF, then 0. A1111 defaults α = β = 0.6 ({@code beta_dist_alpha/beta}).
 */
public final class BetaSchedule implements SigmaSchedule {

  public static final double DEFAULT_ALPHA = 0.6;
  public static final double DEFAULT_BETA = 0.6;

  private final BetaDistribution distribution;

  public BetaSchedule() {
    this(DEFAULT_ALPHA, DEFAULT_BETA);
  }

  public BetaSchedule(double alpha, double beta) {
    distribution = new BetaDistribution(null, alpha, beta, 1e-12);
  }

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    double[] ramp = SigmaSchedule.linspace(0, 1, steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      double quantile = distribution.inverseCumulativeProbability(1 - ramp[i]);
      sigmas[i] = model.sigmaMin() + quantile * (model.sigmaMax() - model.sigmaMin());
    }
    return sigmas;
  }
}
