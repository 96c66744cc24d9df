package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM2 a": a DPM2 midpoint step down to σ_down, then noise σ_up·s_noise (k-diffusion {@code sample_dpm_2_ancestral});
 * honours eta and s_noise. Noise is added only after a midpoint step, as k-diffusion does.
 */
public final class Dpm2AncestralSampler implements Sampler {

  @Override
  public String name() {
    return "DPM2 a";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final MidpointStep midpoint = new MidpointStep(x.length);
    private AncestralStep ancestral;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      ancestral = AncestralStep.of(sigmas[i], sigmas[i + 1], options.eta());
      midpoint.begin(x, sigmas[i], ancestral.sigmaDown());
      evaluate(x, sigmas[i]);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      if (!midpoint.accept(denoised)) {
        evaluate(midpoint.input(), midpoint.sigma());
        return;
      }
      if (ancestral.sigmaDown() != 0) {
        VectorMath.addScaledInto(x, x, ancestral.sigmaUp() * options.sNoise(), gaussian());
      }
      completeStep();
    }
  }
}
