package io.sdnest.inference.engine.sampler;

/**
 * Data distributed N(μ_i, s²) per component: its ideal denoiser D(x, σ) = (s²·x + σ²·μ)/(s² + σ²) is closed-form, and
 * the probability-flow ODE dx/dσ = (x − D)/σ = σ(x − μ)/(s² + σ²) has the exact solution
 * x(σ) − μ = (x(σ_T) − μ)·sqrt(s² + σ²)/sqrt(s² + σ_T²).
 */
record GaussianData(float[] mu, double s) {

  float[] denoise(float[] x, double sigma) {
    float[] out = new float[x.length];
    double s2 = s * s;
    double v = sigma * sigma;
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) ((s2 * x[i] + v * mu[i]) / (s2 + v));
    }
    return out;
  }

  double[] exactSolution(float[] xT, double sigmaT, double sigma) {
    double f = Math.sqrt(s * s + sigma * sigma) / Math.sqrt(s * s + sigmaT * sigmaT);
    double[] out = new double[xT.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = mu[i] + (xT[i] - mu[i]) * f;
    }
    return out;
  }

  /** Drives a run to completion with the ideal denoiser; returns the final latent. */
  float[] sample(SamplerRun run) {
    while (!run.isDone()) {
      run.accept(denoise(run.input(), run.sigma()));
    }
    return run.latent();
  }

  static double rmsError(float[] actual, double[] expected) {
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - expected[i];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }
}
