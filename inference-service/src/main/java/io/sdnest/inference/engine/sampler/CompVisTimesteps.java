package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.schedule.ModelSigmas;

/**
 * The timesteps of A1111's CompVis samplers (DDIM, PLMS; {@code sd_samplers_timesteps.get_timesteps}): t = 1, 1 + s,
 * 1 + 2s, … below T with s = T div steps, clipped to T − 1. They run from the largest to the smallest, one step per
 * gap, so they end at t = 1 (σ ≈ 0.04), not at 0, and take one step fewer than there are timesteps; kept as in A1111.
 */
final class CompVisTimesteps {

  private CompVisTimesteps() {
  }

  static SamplerSchedule schedule(int steps, ModelSigmas model) {
    int[] t = timesteps(steps, model.size());
    double[] sigmas = new double[t.length];
    double[] timesteps = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      int ti = t[t.length - 1 - i];
      sigmas[i] = model.sigma(ti);
      timesteps[i] = ti;
    }
    return new SamplerSchedule(sigmas, timesteps);
  }

  /** Ascending, as A1111 builds them. */
  static int[] timesteps(int steps, int trainSteps) {
    int stride = Math.max(trainSteps / steps, 1);
    int count = (trainSteps + stride - 1) / stride;
    int[] t = new int[count];
    for (int i = 0; i < count; i++) {
      t[i] = Math.min(i * stride + 1, trainSteps - 1);
    }
    return t;
  }

  /** A CompVis sampler's result is the VP latent at the last timestep: x_VP = x / sqrt(σ² + 1). */
  static void toVpInPlace(float[] x, double sigma) {
    VectorMath.combineInto(x, 1 / Math.sqrt(sigma * sigma + 1), x, 0, x);
  }
}
