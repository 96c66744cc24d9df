package io.sdnest.inference.engine.sampler;

import java.util.Arrays;

/**
 * The noise levels a run steps through and, where the sampler fixes them (UniPC, LCM), the exact model timestep for
 * each level.
 *
 * @param sigmas    descending, normally ending in 0
 * @param timesteps the model timestep per sigma, or null: the pipeline then uses {@code ModelSigmas.sigmaToT}
 */
public record SamplerSchedule(double[] sigmas, double[] timesteps) {

  public SamplerSchedule {
    if (timesteps != null && timesteps.length != sigmas.length) {
      throw new IllegalArgumentException("one timestep per sigma needed");
    }
  }

  public static SamplerSchedule ofSigmas(double[] sigmas) {
    return new SamplerSchedule(sigmas, null);
  }

  public int steps() {
    return sigmas.length - 1;
  }

  /** Without the next-to-last level (A1111 {@code discard_next_to_last_sigma}). */
  public SamplerSchedule withoutPenultimate() {
    return new SamplerSchedule(dropPenultimate(sigmas), timesteps == null ? null : dropPenultimate(timesteps));
  }

  private static double[] dropPenultimate(double[] values) {
    if (values.length < 3) {
      return values.clone();
    }
    double[] out = Arrays.copyOf(values, values.length - 1);
    out[out.length - 1] = values[values.length - 1];
    return out;
  }
}
