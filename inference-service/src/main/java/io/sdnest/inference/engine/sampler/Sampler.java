package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.SigmaSchedule;

/**
 * One sampling algorithm (k-diffusion style: it works on a sigma schedule and a denoiser's predictions of the clean
 * latent). It knows nothing of models: a run asks for the denoised latent at a point and is told it.
 *
 * <p>All samplers work on the k-diffusion "VE" latent x = x_VP·sqrt(σ² + 1); the denoiser is D(x, σ) = x − σ·ε(x /
 * sqrt(σ² + 1), t(σ)). A1111's timestep samplers (DDIM, PLMS, UniPC) are rewritten in these variables exactly.
 */
public interface Sampler {

  /** A1111's name, e.g. {@code "DPM++ 2M"}. */
  String name();

  /**
   * Starts sampling one image.
   *
   * @param x      the starting latent (already multiplied by {@link #initialNoiseScale} where the algorithm needs it),
   *               not modified
   * @param sigmas the schedule, descending, normally ending in 0
   * @param noise  this image's noise, used by ancestral and SDE samplers
   */
  SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options);

  /** Starts on a schedule that may carry exact model timesteps (UniPC and LCM use them). */
  default SamplerRun start(float[] x, SamplerSchedule schedule, NoiseSource noise, SamplerOptions options) {
    return start(x, schedule.sigmas(), noise, options);
  }

  /**
   * The schedule this sampler runs for {@code steps} steps of the requested schedule type. k-diffusion samplers use the
   * type's sigmas; DDIM, PLMS and UniPC ignore it and use A1111's own timesteps, as A1111 does.
   */
  default SamplerSchedule schedule(int steps, SigmaSchedule type, ModelSigmas model) {
    return SamplerSchedule.ofSigmas(type.sigmas(steps, model));
  }

  /**
   * What txt2img multiplies unit Gaussian noise by to get the starting latent: σ_0 for k-diffusion samplers,
   * sqrt(σ_0² + 1) for A1111's timestep samplers, which start from x_VP = noise.
   */
  default double initialNoiseScale(double firstSigma) {
    return firstSigma;
  }

  /** The eta used when the request gives none: A1111's {@code eta_ancestral} (1.0), or {@code eta_ddim} (0.0). */
  default double defaultEta() {
    return SamplerOptions.DEFAULTS.eta();
  }
}
