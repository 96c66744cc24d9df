package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.BrownianNoise;
import io.sdnest.inference.engine.noise.NoiseSource;

/**
 * "DPM++ SDE": stochastic DPM-Solver++ (Lu et al. 2022, arXiv:2211.01095) as k-diffusion {@code sample_dpmpp_sde}
 * with r = 1/2: two ancestral half-steps sharing one Brownian path, the second using D_d = (1 − 1/2r)·D + (1/2r)·D_2.
 * Honours eta and s_noise; Euler on the step to σ = 0.
 */
public final class DpmPpSdeSampler implements Sampler {

  private static final double R = 0.5;

  @Override
  public String name() {
    return "DPM++ SDE";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    private final BrownianNoise brownian;
    /** The first prediction D, then the blend D_d. */
    private final float[] first = workspace();
    private final float[] midInput = workspace();
    private final float[] dw = workspace();
    private boolean second;
    private double sigmaS;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
      brownian = new BrownianNoise(noise);
    }

    @Override
    protected void beginStep(int i) {
      second = false;
      evaluate(x, sigmas[i]);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double sigma = sigmas[i];
      double sigmaNext = sigmas[i + 1];
      if (!second && sigmaNext == 0) {
        setX(denoised);
        completeStep();
      } else if (!second) {
        second = true;
        System.arraycopy(denoised, 0, first, 0, first.length);
        sigmaS = Math.exp(Math.log(sigma) + R * Math.log(sigmaNext / sigma));
        evaluate(noisyStep(midInput, sigma, sigmaS, denoised), sigmaS);
      } else {
        double fac = 1 / (2 * R);
        noisyStep(x, sigma, sigmaNext, VectorMath.combineInto(first, 1 - fac, first, fac, denoised));
        brownian.forgetAbove(sigmaNext);
        completeStep();
      }
    }

    /**
     * Into {@code out}: from σ to the ancestral σ_down of target by the exponential integrator, plus the Brownian
     * increment.
     */
    private float[] noisyStep(float[] out, double sigma, double target, float[] denoised) {
      AncestralStep step = AncestralStep.of(sigma, target, options.eta());
      double ratio = step.sigmaDown() / sigma;
      VectorMath.combineInto(out, ratio, x, 1 - ratio, denoised);
      brownian.normalizedIncrement(sigma, target, dw);
      return VectorMath.addScaledInto(out, out, step.sigmaUp() * options.sNoise(), dw);
    }
  }
}
