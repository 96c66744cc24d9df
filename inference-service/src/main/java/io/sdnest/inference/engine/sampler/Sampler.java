package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * One sampling algorithm (k-diffusion style: it works on a sigma schedule and a denoiser's predictions of the clean
 * latent). It knows nothing of models: a run asks for the denoised latent at a point and is told it.
 */
public interface Sampler {

  /** A1111's name, e.g. {@code "DPM++ 2M"}. */
  String name();

  /**
   * Starts sampling one image.
   *
   * @param x      the starting latent (already multiplied by the first sigma where the algorithm needs it), not modified
   * @param sigmas the schedule, descending, ending in 0
   * @param noise  this image's noise, used by ancestral and SDE samplers
   */
  SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options);
}
