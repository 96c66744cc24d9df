package io.sdnest.inference.engine.sampler;

/**
 * The knobs A1111 passes to samplers; {@link #DEFAULTS} are A1111's defaults ({@code eta_ancestral} 1, s_churn 0,
 * s_tmin 0, s_tmax 0 meaning ∞, s_noise 1). Which sampler honours which knob follows A1111: eta for the ancestral, SDE
 * and DDIM samplers; s_churn/s_tmin/s_tmax for Euler, Heun and DPM2; s_noise for those and the ancestral/SDE samplers
 * except Euler a.
 */
public record SamplerOptions(double eta, double sChurn, double sTmin, double sTmax, double sNoise) {

  public static final SamplerOptions DEFAULTS = new SamplerOptions(1.0, 0.0, 0.0, Double.POSITIVE_INFINITY, 1.0);

  /**
   * Options for {@code sampler} from a request's nullable values, as A1111's {@code StableDiffusionProcessing} fills
   * them: a missing eta takes the sampler's default, s_tmax of 0 means unbounded.
   */
  public static SamplerOptions of(Sampler sampler, Double eta, Double sChurn, Double sTmin, Double sTmax,
      Double sNoise) {
    double tmax = sTmax == null || sTmax == 0 ? Double.POSITIVE_INFINITY : sTmax;
    return new SamplerOptions(eta == null ? sampler.defaultEta() : eta, sChurn == null ? DEFAULTS.sChurn : sChurn,
        sTmin == null ? DEFAULTS.sTmin : sTmin, tmax, sNoise == null ? DEFAULTS.sNoise : sNoise);
  }

  public SamplerOptions withEta(double newEta) {
    return new SamplerOptions(newEta, sChurn, sTmin, sTmax, sNoise);
  }
}
