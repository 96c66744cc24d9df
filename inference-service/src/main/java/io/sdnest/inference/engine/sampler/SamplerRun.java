package io.sdnest.inference.engine.sampler;

/**
 * One image being sampled, as a state machine of model evaluations, so that a worker can batch the evaluations of many
 * runs into one model call. Loop: while not {@link #isDone()}, evaluate the denoiser at ({@link #input()},
 * {@link #sigma()}) and pass the predicted clean latent to {@link #accept(float[])}.
 *
 * <p>Ownership, so that neither side allocates a latent per evaluation: the array passed to {@link #accept} is only
 * read during the call (a run copies whatever it keeps, e.g. multistep history), so the caller may reuse it. The array
 * from {@link #input()} stays valid and unmodified until the next {@code accept}, and {@link #latent()} until the next
 * {@code accept}; after that a run may overwrite them in place. Callers never modify them, and copy what they keep.
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
