package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * "LMS": the linear multistep (Adams–Bashforth) method of order ≤ 4 on the non-uniform σ grid, k-diffusion
 * {@code sample_lms}: x ← x + Σ_j c_j·d_{i−j}, c_j = ∫_{σ_i}^{σ_{i+1}} ℓ_j(τ) dτ with ℓ_j the Lagrange basis on
 * σ_i…σ_{i−order+1}. The integrand is a polynomial, so it is integrated exactly (k-diffusion uses scipy quad).
 */
public final class LmsSampler implements Sampler {

  static final int ORDER = 4;

  @Override
  public String name() {
    return "LMS";
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, sigmas, noise, options);
  }

  private static final class Run extends StepRun {

    /** The last derivatives, newest first; the oldest array is reused for the newest. */
    private final Deque<float[]> derivatives = new ArrayDeque<>(ORDER + 1);

    Run(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
      super(x, sigmas, noise, options);
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int i = currentStep();
      float[] newest = derivatives.size() == ORDER ? derivatives.removeLast() : workspace();
      derivatives.addFirst(VectorMath.derivativeInto(newest, x, denoised, sigmas[i]));
      int order = Math.min(i + 1, ORDER);
      double[] coefficients = new double[order + 1];
      float[][] vectors = new float[order + 1][];
      coefficients[0] = 1;
      vectors[0] = x;
      int j = 0;
      for (float[] d : derivatives) {
        coefficients[j + 1] = LagrangeIntegral.of(sigmas, i, j, order);
        vectors[j + 1] = d;
        j++;
      }
      VectorMath.combineInto(x, coefficients, vectors);
      completeStep();
    }
  }
}
