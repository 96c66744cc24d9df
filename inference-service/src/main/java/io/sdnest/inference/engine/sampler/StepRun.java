package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * The ask/tell plumbing shared by all runs: a subclass decides where to evaluate at the start of each step
 * ({@link #beginStep}) and what to do with each prediction ({@link #onDenoised}), which either asks for another
 * evaluation or completes the step. Subclasses work in latent-sized workspaces allocated once per run ({@link #x} is
 * updated in place, {@link #gaussian()} reuses one array), so a run allocates nothing proportional to the latent after
 * its first steps.
 */
abstract class StepRun implements SamplerRun {

  protected final double[] sigmas;
  protected final NoiseSource noise;
  protected final SamplerOptions options;
  /** The current latent, updated in place. */
  protected final float[] x;

  private int step;
  private boolean started;
  private float[] pendingInput;
  private double pendingSigma;
  private double pendingTimestep = Double.NaN;
  private float[] noiseValues;

  StepRun(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    this.x = x.clone();
    this.sigmas = sigmas.clone();
    this.noise = noise;
    this.options = options;
  }

  /** Step {@code i} begins: request the first evaluation. By default the current latent at σ_i. */
  protected void beginStep(int i) {
    evaluate(x, sigmas[i]);
  }

  /** The prediction for the pending evaluation: call {@link #evaluate} again or {@link #completeStep}. */
  protected abstract void onDenoised(float[] denoised);

  protected final void evaluate(float[] input, double sigma) {
    evaluate(input, sigma, Double.NaN);
  }

  protected final void evaluate(float[] input, double sigma, double timestep) {
    pendingInput = input;
    pendingSigma = sigma;
    pendingTimestep = timestep;
  }

  protected final void completeStep() {
    step++;
    if (step < totalSteps()) {
      beginStep(step);
    }
  }

  /** Fresh standard normal noise shaped like the latent, in an array reused by the next call. */
  protected final float[] gaussian() {
    if (noiseValues == null) {
      noiseValues = new float[x.length];
    }
    noise.next(noiseValues);
    return noiseValues;
  }

  /** A new latent-sized array, for a run's workspaces. */
  protected final float[] workspace() {
    return new float[x.length];
  }

  /** Copies {@code values} into {@link #x}. */
  protected final void setX(float[] values) {
    System.arraycopy(values, 0, x, 0, x.length);
  }

  protected final int currentStep() {
    return step;
  }

  private void ensureStarted() {
    if (!started) {
      started = true;
      if (totalSteps() > 0) {
        beginStep(0);
      }
    }
  }

  @Override
  public final boolean isDone() {
    ensureStarted();
    return step >= totalSteps();
  }

  @Override
  public final double sigma() {
    requirePending();
    return pendingSigma;
  }

  @Override
  public final double timestep() {
    requirePending();
    return pendingTimestep;
  }

  @Override
  public final float[] input() {
    requirePending();
    return pendingInput;
  }

  @Override
  public final void accept(float[] denoised) {
    requirePending();
    if (denoised.length != x.length) {
      throw new IllegalArgumentException("denoised has " + denoised.length + " values, latent " + x.length);
    }
    pendingInput = null;
    onDenoised(denoised);
  }

  private void requirePending() {
    if (isDone() || pendingInput == null) {
      throw new IllegalStateException("no evaluation pending");
    }
  }

  @Override
  public final int step() {
    return step;
  }

  @Override
  public int totalSteps() {
    return sigmas.length - 1;
  }

  @Override
  public final float[] latent() {
    return x;
  }
}
