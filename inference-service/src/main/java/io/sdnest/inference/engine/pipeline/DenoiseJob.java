package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;

/**
 * One image being denoised: its sampler run plus what turns the run's requests into UNet rows and the UNet's answers
 * into the run's clean-latent predictions. The sampler math stays in the run; batching stays in {@link UnetBatch}.
 *
 * <p>Rows per evaluation: {@code [uncond, cond]} with classifier-free guidance, only {@code cond} when cfg_scale is 1.
 * Row input: c_in·x (c_in = 1/sqrt(σ² + 1)) followed by the inpainting conditioning channels if the UNet takes them;
 * timestep: the run's own or σ converted by the model's schedule. Model output → denoised: ε: x − σ·ε; v:
 * x/(σ²+1) − v·σ/sqrt(σ²+1); guidance combines the outputs as uncond + s·(cond − uncond) first (the conversion is
 * affine, so this equals combining the denoised latents).
 */
public final class DenoiseJob {

  private final SamplerRun run;
  private final List<ScheduledConditioning> cond;
  private final List<ScheduledConditioning> uncond;
  private final double cfgScale;
  private final ModelSigmas modelSigmas;
  private final PredictionType prediction;
  private final float[] imageConditioning;
  private final LatentBlend blend;
  private final BatchKey key;
  private boolean atStepBoundary = true;

  /**
   * @param cond              the prompt's schedule; {@code uncond} the negative prompt's, with the same token length
   * @param latentChannels    channels of the latent (4)
   * @param imageConditioning {@code [channels − 4, h, w]} extra UNet input (inpainting UNets), or null
   * @param blend             latent-mask blending, or null
   */
  public DenoiseJob(SamplerRun run, List<ScheduledConditioning> cond, List<ScheduledConditioning> uncond,
      double cfgScale, ModelSigmas modelSigmas, PredictionType prediction, int latentChannels, int height, int width,
      float[] imageConditioning, LatentBlend blend) {
    this.run = run;
    this.cond = List.copyOf(cond);
    this.uncond = List.copyOf(uncond);
    this.cfgScale = cfgScale;
    this.modelSigmas = modelSigmas;
    this.prediction = prediction;
    this.imageConditioning = imageConditioning;
    this.blend = blend;
    int extra = imageConditioning == null ? 0 : imageConditioning.length / (height * width);
    long tokens = this.cond.get(0).cond().dim(1);
    int dim = Math.toIntExact(this.cond.get(0).cond().dim(2));
    for (ScheduledConditioning c : uncond) {
      if (c.cond().dim(1) != tokens) {
        throw new IllegalArgumentException("cond and uncond must have the same token length");
      }
    }
    this.key = new BatchKey(latentChannels + extra, height, width, Math.toIntExact(tokens), dim);
  }

  public boolean isDone() {
    return run.isDone();
  }

  public BatchKey key() {
    return key;
  }

  /** UNet rows of the pending evaluation: 2 with guidance, 1 without. */
  public int rows() {
    return usesGuidance() ? 2 : 1;
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
   * Row {@code row}'s context, {@link BatchKey#contextSize()} values: the negative prompt's for the first row when
   * guiding, else the prompt's, at the run's current step. The array is shared; callers must not modify it.
   */
  public float[] context(int row) {
    boolean negative = usesGuidance() && row == 0;
    return ScheduledConditioning.at(negative ? uncond : cond, run.step()).data();
  }

  /** Takes the UNet's outputs for this job's rows, consecutive at {@code offset}, and advances the run. */
  public void accept(float[] out, int offset) {
    float[] x = run.input();
    int n = x.length;
    double sigma = run.sigma();
    int stepBefore = run.step();
    float s = (float) cfgScale;
    boolean guided = usesGuidance();
    boolean v = prediction == PredictionType.V_PREDICTION;
    double vx = 1.0 / (sigma * sigma + 1);
    double vo = sigma / Math.sqrt(sigma * sigma + 1);
    // a fresh array: runs keep earlier predictions (multistep history) by reference
    float[] denoised = new float[n];
    for (int i = 0; i < n; i++) {
      float o = guided ? out[offset + i] + s * (out[offset + n + i] - out[offset + i]) : out[offset + i];
      denoised[i] = v ? (float) (x[i] * vx - o * vo) : (float) (x[i] - sigma * o);
    }
    if (blend != null) {
      blend.apply(denoised);
    }
    run.accept(denoised);
    atStepBoundary = run.step() > stepBefore;
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
