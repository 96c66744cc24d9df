package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.sampler.SamplerSchedule;
import java.util.Arrays;

/**
 * A1111's img2img step accounting ({@code setup_img2img_steps} and {@code sample_img2img}): with t_enc =
 * int(min(strength, 0.999)·steps), the schedule for {@code steps} steps is cut to its last t_enc + 1 levels and the init
 * latent is noised to the first of them.
 */
final class DenoisingStart {

  private DenoisingStart() {
  }

  static SamplerSchedule tail(SamplerSchedule full, int steps, double strength) {
    int tEnc = (int) (Math.min(strength, 0.999) * steps);
    int from = Math.max(0, full.sigmas().length - tEnc - 2);
    double[] sigmas = Arrays.copyOfRange(full.sigmas(), from, full.sigmas().length);
    double[] timesteps = full.timesteps() == null ? null
        : Arrays.copyOfRange(full.timesteps(), from, full.timesteps().length);
    return new SamplerSchedule(sigmas, timesteps);
  }

  /** {@code init + noise·multiplier·σ_start}. */
  static float[] noised(float[] init, float[] noise, double multiplier, double sigmaStart) {
    float[] x = new float[init.length];
    float scale = (float) (multiplier * sigmaStart);
    for (int i = 0; i < x.length; i++) {
      x[i] = init[i] + noise[i] * scale;
    }
    return x;
  }
}
