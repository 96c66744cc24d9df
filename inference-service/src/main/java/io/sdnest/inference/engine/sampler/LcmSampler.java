package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.SigmaSchedule;
import io.sdnest.inference.engine.schedule.UniformSchedule;

/**
 * "LCM": latent consistency model sampling (Luo et al. 2023, arXiv:2310.04378, Algorithm 1) as A1111's
 * {@code sd_samplers_lcm}: the model is evaluated at the nearest of the 50 "skipping" timesteps 19, 39, …, 999; its
 * prediction passes the consistency boundary condition D' = c_out·D + c_skip·x with c_skip = σ_d²/((10t)² + σ_d²),
 * c_out = 10t/sqrt((10t)² + σ_d²), σ_d = 0.5; then x ← D' + σ_{i+1}·z.
 */
public final class LcmSampler implements Sampler {

  static final int ORIGINAL_STEPS = 50;
  private static final double SIGMA_DATA = 0.5;

  @Override
  public String name() {
    return "LCM";
  }

  /**
   * With Uniform (what Automatic gives LCM) A1111 spaces t linearly over the 50 skipping timesteps' sigmas; other
   * schedule types use their own sigmas. Either way each sigma gets its quantised timestep.
   */
  @Override
  public SamplerSchedule schedule(int steps, SigmaSchedule type, ModelSigmas model) {
    double[] sigmas = type instanceof UniformSchedule ? lcmSigmas(steps, model) : type.sigmas(steps, model);
    double[] timesteps = new double[sigmas.length];
    for (int i = 0; i < sigmas.length; i++) {
      timesteps[i] = sigmas[i] > 0 ? quantisedTimestep(sigmas[i], model) : 0;
    }
    return new SamplerSchedule(sigmas, timesteps);
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    // every SD 1.x/2.x model shares these betas; the schedule overload carries the model's own timesteps
    ModelSigmas model = ModelSigmas.stableDiffusion();
    double[] timesteps = new double[sigmas.length];
    for (int i = 0; i < sigmas.length; i++) {
      timesteps[i] = sigmas[i] > 0 ? quantisedTimestep(sigmas[i], model) : 0;
    }
    return start(x, new SamplerSchedule(sigmas, timesteps), noise, options);
  }

  @Override
  public SamplerRun start(float[] x, SamplerSchedule schedule, NoiseSource noise, SamplerOptions options) {
    return new Run(x, schedule, noise, options);
  }

  private static int skip(ModelSigmas model) {
    return model.size() / ORIGINAL_STEPS;
  }

  /** σ at skipping timestep k, i.e. at t = T − 1 − (49 − k)·skip. */
  private static double validSigma(int k, ModelSigmas model) {
    return model.sigma(model.size() - 1 - (ORIGINAL_STEPS - 1 - k) * skip(model));
  }

  static double[] lcmSigmas(int steps, ModelSigmas model) {
    double[] positions = SigmaSchedule.linspace(ORIGINAL_STEPS - 1, 0, steps);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      int low = (int) Math.floor(positions[i]);
      int high = (int) Math.ceil(positions[i]);
      double w = positions[i] - low;
      sigmas[i] = Math.exp((1 - w) * Math.log(validSigma(low, model)) + w * Math.log(validSigma(high, model)));
    }
    return sigmas;
  }

  static double quantisedTimestep(double sigma, ModelSigmas model) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int k = 0; k < ORIGINAL_STEPS; k++) {
      double distance = Math.abs(Math.log(sigma) - Math.log(validSigma(k, model)));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = k;
      }
    }
    return best * skip(model) + (model.size() - 1 - (ORIGINAL_STEPS - 1) * skip(model));
  }

  private static final class Run extends StepRun {

    private final double[] timesteps;

    Run(float[] x, SamplerSchedule schedule, NoiseSource noise, SamplerOptions options) {
      super(x, schedule.sigmas(), noise, options);
      timesteps = schedule.timesteps();
    }

    @Override
    protected void beginStep(int i) {
      evaluate(x, sigmas[i], timesteps[i]);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double scaled = timesteps[i] * 10;
      double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
      double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
      VectorMath.combineInto(x, cOut, denoised, cSkip, x);
      if (sigmas[i + 1] > 0) {
        VectorMath.addScaledInto(x, x, sigmas[i + 1], gaussian());
      }
      completeStep();
    }
  }
}
