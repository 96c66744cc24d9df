package io.sdnest.inference.engine.schedule;

import java.util.Arrays;

/**
 * A model's discrete training noise levels in k-diffusion's "VE" form, σ_t = sqrt((1 − ᾱ_t)/ᾱ_t) for t = 0..T−1, and
 * the conversions between σ and the (fractional) training timestep by linear interpolation of log σ, as k-diffusion's
 * {@code DiscreteSchedule.sigma_to_t}/{@code t_to_sigma} do. For SD: σ_min = 0.0291672, σ_max = 14.61464.
 */
public final class ModelSigmas {

  private final double[] alphasCumprod;
  private final double[] sigmas;
  private final double[] logSigmas;
  private final NoiseScheduleConfig config;

  public ModelSigmas(NoiseScheduleConfig config) {
    this.config = config;
    double[] betas = config.betas();
    alphasCumprod = new double[betas.length];
    sigmas = new double[betas.length];
    logSigmas = new double[betas.length];
    double product = 1;
    for (int t = 0; t < betas.length; t++) {
      product *= 1 - betas[t];
      alphasCumprod[t] = product;
      sigmas[t] = Math.sqrt((1 - product) / product);
      logSigmas[t] = Math.log(sigmas[t]);
    }
  }

  public static ModelSigmas stableDiffusion() {
    return new ModelSigmas(NoiseScheduleConfig.STABLE_DIFFUSION);
  }

  public NoiseScheduleConfig config() {
    return config;
  }

  /** Number of training timesteps T. */
  public int size() {
    return sigmas.length;
  }

  public double sigmaMin() {
    return sigmas[0];
  }

  public double sigmaMax() {
    return sigmas[sigmas.length - 1];
  }

  /** σ at an integer training timestep. */
  public double sigma(int t) {
    return sigmas[t];
  }

  public double alphaCumprod(int t) {
    return alphasCumprod[t];
  }

  /** A copy of all training sigmas, ascending by timestep. */
  public double[] sigmas() {
    return sigmas.clone();
  }

  /** σ at a fractional timestep: log σ interpolated linearly between the neighbouring integer timesteps. */
  public double tToSigma(double t) {
    int low = (int) Math.floor(t);
    int high = (int) Math.ceil(t);
    double w = t - low;
    return Math.exp((1 - w) * logSigmas[low] + w * logSigmas[high]);
  }

  /** The fractional timestep of σ (inverse of {@link #tToSigma}), clamped to [0, T−1]. */
  public double sigmaToT(double sigma) {
    double logSigma = Math.log(sigma);
    int found = Arrays.binarySearch(logSigmas, logSigma);
    // index of the last log σ_t ≤ log σ (0 when σ is below σ_min), at most T−2
    int low = found >= 0 ? found : -found - 2;
    low = Math.max(0, Math.min(low, logSigmas.length - 2));
    double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[low + 1]);
    w = Math.max(0, Math.min(1, w));
    return (1 - w) * low + w * (low + 1);
  }
}
