package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * "PLMS": pseudo linear multistep (Liu et al. 2022, PNDM, arXiv:2202.09778) as A1111's
 * {@code sd_samplers_timesteps_impl.plms}. In σ its transfer x_prev = sqrt(ᾱ_prev)·x̂₀(e) + sqrt(1 − ᾱ_prev)·e is
 * x ← x + (σ_prev − σ_t)·e, with e the equal-step Adams–Bashforth blend of past ε = (x − D)/σ: a pseudo improved Euler
 * first step (two evaluations), then orders 2, 3 and 4. Runs on A1111's own timesteps.
 */
public final class PlmsSampler extends CompVisTimestepSampler {

  private static final double[][] ADAMS_BASHFORTH = {
      {1},
      {3 / 2.0, -1 / 2.0},
      {23 / 12.0, -16 / 12.0, 5 / 12.0},
      {55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0}};

  @Override
  public String name() {
    return "PLMS";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    /** Past ε, newest first, at most 3 kept besides the current one. */
    private final Deque<float[]> history = new ArrayDeque<>(4);
    private final float[][] vectors = new float[4][];
    /** The Euler prediction of the first step, then ε there, then the blended ε. */
    private final float[] work = workspace();
    /** The array the next ε is written to: the one dropped from the history, once the history is full. */
    private float[] spare;
    private float[] eps;

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void beginStep(int i) {
      eps = null;
      evaluate(x, sigmas[i]);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      double dt = sigmas[i + 1] - sigmas[i];
      float[] blended;
      if (eps == null) {
        eps = VectorMath.derivativeInto(spare != null ? spare : workspace(), x, denoised, sigmas[i]);
        if (history.isEmpty()) {
          evaluate(VectorMath.addScaledInto(work, x, dt, eps), sigmas[i + 1]);
          return;
        }
        blended = adamsBashforth();
      } else {
        float[] epsNext = VectorMath.derivativeInto(work, work, denoised, sigmas[i + 1]);
        blended = VectorMath.combineInto(work, 0.5, eps, 0.5, epsNext);
      }
      VectorMath.addScaledInto(x, x, dt, blended);
      history.addFirst(eps);
      spare = history.size() > 3 ? history.removeLast() : null;
      if (i + 1 == totalSteps()) {
        CompVisTimesteps.toVpInPlace(x, sigmas[i + 1]);
      }
      completeStep();
    }

    private float[] adamsBashforth() {
      double[] coefficients = ADAMS_BASHFORTH[history.size()];
      vectors[0] = eps;
      int k = 1;
      for (float[] old : history) {
        vectors[k++] = old;
      }
      return VectorMath.combineInto(work, coefficients, vectors);
    }
  }
}
