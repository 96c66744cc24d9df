package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;

/**
 * One image being denoised: its sampler run plus what turns the run's requests into UNet rows and the UNet's answers
 * into the run's clean-latent predictions. The sampler math stays in the run; batching stays in {@link UnetBatch}.
 *
 * <p>Rows per evaluation: {@code [uncond, cond_1, …, cond_n]} with classifier-free guidance, {@code [cond_1, …,
 * cond_n]} when cfg_scale is 1; n is the number of {@code AND} sub-prompts (usually 1). Row input: c_in·x
 * (c_in = 1/sqrt(σ² + 1)) followed by the inpainting conditioning channels if the UNet takes them; timestep: the
 * run's own or σ converted by the model's schedule. Guidance as A1111's {@code combine_denoised}:
 * {@code uncond + Σ w_i·s·(cond_i − uncond)}, where without guidance cond_1 stands in for uncond. It is applied to
 * the model outputs; their conversion to the denoised latent (ε: x − σ·ε; v: x/(σ²+1) − v·σ/sqrt(σ²+1)) is affine
 * and the differences cancel its constant part, so this equals combining the denoised latents.
 *
 * <p>Prompt schedules advance per model evaluation, as A1111's CFG denoiser counts its {@code step} (so a
 * second-order sampler moves through its doubled schedule twice per sampler step).
 */
public final class DenoiseJob {

  private final SamplerRun run;
  private final List<ComposableCondition> conds;
  private final float[] weights;
  private final List<ScheduledConditioning> uncond;
  private final double cfgScale;
  private final ModelSigmas modelSigmas;
  private final PredictionType prediction;
  private final float[] imageConditioning;
  private final LatentBlend blend;
  private final BatchKey key;
  /** The prediction handed to the run, reused: a run only reads it during {@code accept}. */
  private float[] denoised;
  private boolean atStepBoundary = true;
  private int evaluations;

  /**
   * A job with one prompt (weight 1).
   *
   * @param cond              the prompt's schedule; {@code uncond} the negative prompt's, with the same token length
   * @param latentChannels    channels of the latent (4)
   * @param imageConditioning {@code [channels − 4, h, w]} extra UNet input (inpainting UNets), or null
   * @param blend             latent-mask blending, or null
   */
  public DenoiseJob(SamplerRun run, List<ScheduledConditioning> cond, List<ScheduledConditioning> uncond,
      double cfgScale, ModelSigmas modelSigmas, PredictionType prediction, int latentChannels, int height, int width,
      float[] imageConditioning, LatentBlend blend) {
    this(run, new ComposableCondition[] {new ComposableCondition(cond, 1.0)}, uncond, cfgScale, modelSigmas,
        prediction, latentChannels, height, width, imageConditioning, blend);
  }

  /** A job with A1111's composable prompt: one UNet row per sub-prompt, combined by weight. */
  public static DenoiseJob composable(SamplerRun run, List<ComposableCondition> conds,
      List<ScheduledConditioning> uncond, double cfgScale, ModelSigmas modelSigmas, PredictionType prediction,
      int latentChannels, int height, int width, float[] imageConditioning, LatentBlend blend) {
    return new DenoiseJob(run, conds.toArray(ComposableCondition[]::new), uncond, cfgScale, modelSigmas, prediction,
        latentChannels, height, width, imageConditioning, blend);
  }

  private DenoiseJob(SamplerRun run, ComposableCondition[] conds, List<ScheduledConditioning> uncond,
      double cfgScale, ModelSigmas modelSigmas, PredictionType prediction, int latentChannels, int height, int width,
      float[] imageConditioning, LatentBlend blend) {
    if (conds.length == 0) {
      throw new IllegalArgumentException("a job needs at least one prompt");
    }
    this.run = run;
    this.conds = List.of(conds);
    this.weights = new float[conds.length];
    for (int i = 0; i < conds.length; i++) {
      weights[i] = (float) conds[i].weight();
    }
    this.uncond = List.copyOf(uncond);
    this.cfgScale = cfgScale;
    this.modelSigmas = modelSigmas;
    this.prediction = prediction;
    this.imageConditioning = imageConditioning;
    this.blend = blend;
    int extra = imageConditioning == null ? 0 : imageConditioning.length / (height * width);
    FloatTensor first = conds[0].schedule().get(0).cond();
    long tokens = first.dim(1);
    int dim = Math.toIntExact(first.dim(2));
    for (ComposableCondition c : conds) {
      requireTokens(c.schedule(), tokens);
    }
    requireTokens(uncond, tokens);
    this.key = new BatchKey(latentChannels + extra, height, width, Math.toIntExact(tokens), dim);
  }

  private static void requireTokens(List<ScheduledConditioning> schedule, long tokens) {
    for (ScheduledConditioning c : schedule) {
      if (c.cond().dim(1) != tokens) {
        throw new IllegalArgumentException("all conditionings of a job must have the same token length");
      }
    }
  }

  public boolean isDone() {
    return run.isDone();
  }

  public BatchKey key() {
    return key;
  }

  /** UNet rows of the pending evaluation: one per sub-prompt, plus the negative prompt's with guidance. */
  public int rows() {
    return conds.size() + (usesGuidance() ? 1 : 0);
  }

  public boolean usesGuidance() {
    return cfgScale != 1.0;
  }

  /** The UNet timestep of the pending evaluation. */
  public double timestep() {
    double t = run.timestep();
    return Double.isNaN(t) ? modelSigmas.sigmaToT(run.sigma()) : t;
  }

  /** Writes row {@code row}'s sample ({@link BatchKey#sampleSize()} values) at {@code offset}. */
  public void writeSample(int row, float[] dst, int offset) {
    float[] x = run.input();
    float cIn = (float) (1.0 / Math.sqrt(run.sigma() * run.sigma() + 1));
    for (int i = 0; i < x.length; i++) {
      dst[offset + i] = x[i] * cIn;
    }
    if (imageConditioning != null) {
      System.arraycopy(imageConditioning, 0, dst, offset + x.length, imageConditioning.length);
    }
  }

  /**
   * Row {@code row}'s context, {@link BatchKey#contextSize()} values, at the current evaluation: the negative
   * prompt's for the first row when guiding, then each sub-prompt's. The array is shared; callers must not modify it.
   */
  public float[] context(int row) {
    int first = usesGuidance() ? 1 : 0;
    List<ScheduledConditioning> schedule = row < first ? uncond : conds.get(row - first).schedule();
    return ScheduledConditioning.at(schedule, evaluations).data();
  }

  /** Takes the UNet's outputs for this job's rows, consecutive at {@code offset}, and advances the run. */
  public void accept(float[] out, int offset) {
    float[] x = run.input();
    int n = x.length;
    double sigma = run.sigma();
    int stepBefore = run.step();
    boolean guided = usesGuidance();
    float s = guided ? (float) cfgScale : 1f;
    int condOffset = offset + (guided ? n : 0);
    boolean v = prediction == PredictionType.V_PREDICTION;
    double vx = 1.0 / (sigma * sigma + 1);
    double vo = sigma / Math.sqrt(sigma * sigma + 1);
    if (denoised == null) {
      denoised = new float[n];
    }
    for (int i = 0; i < n; i++) {
      float o = combined(out, offset, condOffset, n, i, s);
      denoised[i] = v ? (float) (x[i] * vx - o * vo) : (float) (x[i] - sigma * o);
    }
    if (blend != null) {
      blend.apply(denoised);
    }
    run.accept(denoised);
    evaluations++;
    atStepBoundary = run.step() > stepBefore;
  }

  /** Value i of {@code uncond + Σ w_k·s·(cond_k − uncond)}; without guidance cond_1 stands in for uncond. */
  private float combined(float[] out, int offset, int condOffset, int n, int i, float s) {
    float u = out[offset + i];
    if (weights.length == 1 && weights[0] == 1f) {
      float c = out[condOffset + i];
      return usesGuidance() ? u + s * (c - u) : c;
    }
    float sum = u;
    for (int k = 0; k < weights.length; k++) {
      sum += weights[k] * s * (out[condOffset + k * n + i] - u);
    }
    return sum;
  }

  /** Whether the last evaluation completed a step (true before the first): cancellation stops only here. */
  public boolean atStepBoundary() {
    return atStepBoundary;
  }

  public int step() {
    return run.step();
  }

  public int totalSteps() {
    return run.totalSteps();
  }

  /** The current latent; once done the result, blended with the init latent when inpainting. */
  public float[] latent() {
    float[] x = run.latent().clone();
    if (blend != null) {
      blend.apply(x);
    }
    return x;
  }
}
