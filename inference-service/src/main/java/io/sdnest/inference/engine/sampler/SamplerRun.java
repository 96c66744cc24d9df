package io.sdnest.inference.engine.sampler;

/**
 * One image being sampled, as a state machine of model evaluations, so that a worker can batch the evaluations of many
 * runs into one model call. Loop: while not {@link #isDone()}, evaluate the denoiser at ({@link #input()},
 * {@link #sigma()}) and pass the predicted clean latent to {@link #accept(float[])}. Arrays handed out are never
 * modified afterwards by the run; callers must not modify them either.
 */
public interface SamplerRun {

  boolean isDone();

  /** The noise level at which the next evaluation is needed. */
  double sigma();

  /**
   * The model timestep for the next evaluation when the sampler fixes it (UniPC's continuous time, LCM's quantised
   * steps); NaN means "convert {@link #sigma()} with {@code ModelSigmas.sigmaToT}".
   */
  default double timestep() {
    return Double.NaN;
  }

  /** The (unscaled) latent at which the next evaluation is needed. */
  float[] input();

  /** The denoiser's prediction of the clean latent for the pending evaluation. */
  void accept(float[] denoised);

  /** Steps of the schedule completed so far (for progress and prompt schedules). */
  int step();

  /** Steps in the schedule. */
  int totalSteps();

  /** The current latent: the result once done, a preview before. */
  float[] latent();
}
