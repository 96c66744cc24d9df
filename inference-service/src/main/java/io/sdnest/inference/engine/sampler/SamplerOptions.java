package io.sdnest.inference.engine.sampler;

/** The knobs A1111 passes to samplers; {@link #DEFAULTS} are A1111's defaults. */
public record SamplerOptions(double eta, double sChurn, double sTmin, double sTmax, double sNoise) {

  public static final SamplerOptions DEFAULTS = new SamplerOptions(1.0, 0.0, 0.0, Double.POSITIVE_INFINITY, 1.0);
}
