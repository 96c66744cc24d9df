package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.SigmaSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * "UniPC": the unified predictor–corrector multistep solver with data prediction (Zhao et al. 2023, arXiv:2302.04867,
 * Algorithms 1–2, B(h) variants) as A1111's bundled {@code uni_pc.py} runs it: A1111 defaults variant bh1, order 3,
 * lower-order final steps, "time_uniform" continuous times from 1 to 1/T, N = number of A1111 CompVis timesteps. Each
 * step predicts x_t, evaluates the model there (that value is kept for later steps) and corrects x_t with it; the last
 * step only predicts, and the result is the VP latent as in A1111. Written in VE variables: x_t = (σ_t/σ_0)·x − φ₁·m₀ − B(h)·Σ ρ_k·D_k, φ₁ = expm1(−h).
 */
public final class UniPcSampler implements Sampler {

  private final boolean bh2;
  private final int order;
  private final boolean lowerOrderFinal;

  /** A1111's defaults: bh1, order 3, lower order final. */
  public UniPcSampler() {
    this(false, 3, true);
  }

  public UniPcSampler(boolean bh2, int order, boolean lowerOrderFinal) {
    this.bh2 = bh2;
    this.order = order;
    this.lowerOrderFinal = lowerOrderFinal;
  }

  @Override
  public String name() {
    return "UniPC";
  }

  /** Continuous times t_k = linspace(1, 1/T, N + 1), σ from log α interpolated linearly in t (DPM-Solver's VP). */
  @Override
  public SamplerSchedule schedule(int steps, SigmaSchedule type, ModelSigmas model) {
    int n = CompVisTimesteps.timesteps(steps, model.size()).length;
    int trainSteps = model.size();
    double[] sigmas = new double[n + 1];
    double[] timesteps = new double[n + 1];
    for (int k = 0; k <= n; k++) {
      double u = (trainSteps - 1) * (1 - (double) k / n);
      int low = Math.min((int) Math.floor(u), trainSteps - 2);
      double w = u - low;
      double logAlpha = 0.5 * ((1 - w) * Math.log(model.alphaCumprod(low)) + w * Math.log(model.alphaCumprod(low + 1)));
      sigmas[k] = Math.sqrt(Math.expm1(-2 * logAlpha));
      timesteps[k] = u;
    }
    return new SamplerSchedule(sigmas, timesteps);
  }

  @Override
  public double initialNoiseScale(double firstSigma) {
    return Math.sqrt(firstSigma * firstSigma + 1);
  }

  @Override
  public SamplerRun start(float[] x, double[] sigmas, NoiseSource noise, SamplerOptions options) {
    return new Run(x, SamplerSchedule.ofSigmas(sigmas), noise, options);
  }

  @Override
  public SamplerRun start(float[] x, SamplerSchedule schedule, NoiseSource noise, SamplerOptions options) {
    return new Run(x, schedule, noise, options);
  }

  private final class Run extends StepRun {

    private final double[] timesteps;
    private final int runOrder;
    /** The last model values, oldest first; the oldest array is reused for the newest. */
    private final List<float[]> models = new ArrayList<>();
    private final List<Double> lambdas = new ArrayList<>();
    private final float[] linearPart = workspace();
    private final float[] predictedWithHistory = workspace();
    private final float[] differences = workspace();
    private final float[] delta = workspace();
    private float[] predicted;
    private double[] correctorRhos;
    private double bh;
    private double[] rks;
    private int stepOrder;

    Run(float[] x, SamplerSchedule schedule, NoiseSource noise, SamplerOptions options) {
      super(x, schedule.sigmas(), noise, options);
      timesteps = schedule.timesteps();
      runOrder = Math.max(1, Math.min(order, schedule.steps()));
    }

    private double timestep(int k) {
      return timesteps == null ? Double.NaN : timesteps[k];
    }

    @Override
    protected void beginStep(int i) {
      if (models.isEmpty()) {
        evaluate(x, sigmas[0], timestep(0));
        return;
      }
      int k = i + 1;
      stepOrder = k < runOrder ? k : lowerOrderFinal ? Math.min(runOrder, totalSteps() + 1 - k) : runOrder;
      predict(k);
      if (k == totalSteps()) {
        setX(predicted);
        CompVisTimesteps.toVpInPlace(x, sigmas[k]);
        completeStep();
      } else {
        evaluate(predicted, sigmas[k], timestep(k));
      }
    }

    @Override
    protected void onDenoised(float[] denoised) {
      int k = currentStep() + 1;
      if (models.isEmpty()) {
        remember(denoised, sigmas[0]);
        beginStep(currentStep());
        return;
      }
      // corrector with the model value at the predicted point, which is also what later steps use
      float[] last = models.get(models.size() - 1);
      float[] correction = weightedDifferences(correctorRhos);
      VectorMath.combineInto(delta, 1, denoised, -1, last);
      double rhoLast = correctorRhos[correctorRhos.length - 1];
      VectorMath.combineInto(x, 1, linearPart, -bh, correction, -bh * rhoLast, delta);
      remember(denoised, sigmas[k]);
      completeStep();
    }

    private void remember(float[] model, double sigma) {
      float[] slot = models.size() == runOrder ? models.remove(0) : workspace();
      System.arraycopy(model, 0, slot, 0, slot.length);
      models.add(slot);
      lambdas.add(-Math.log(sigma));
      if (lambdas.size() > runOrder) {
        lambdas.remove(0);
      }
    }

    /** Predictor to σ_k of order {@link #stepOrder}; also prepares the corrector's ρ. */
    private void predict(int k) {
      int p = stepOrder;
      double lambda0 = lambdas.get(lambdas.size() - 1);
      double h = -Math.log(sigmas[k]) - lambda0;
      double hh = -h;
      double phi1 = Math.expm1(hh);
      bh = bh2 ? phi1 : hh;
      double[] rks = new double[p];
      for (int j = 1; j < p; j++) {
        rks[j - 1] = (lambdas.get(lambdas.size() - 1 - j) - lambda0) / h;
      }
      rks[p - 1] = 1;
      double[][] r = new double[p][p];
      double[] b = new double[p];
      double hPhiK = phi1 / hh - 1;
      double factorial = 1;
      for (int row = 1; row <= p; row++) {
        for (int col = 0; col < p; col++) {
          r[row - 1][col] = Math.pow(rks[col], row - 1);
        }
        b[row - 1] = hPhiK * factorial / bh;
        factorial *= row + 1;
        hPhiK = hPhiK / hh - 1 / factorial;
      }
      this.rks = rks;
      float[] m0 = models.get(models.size() - 1);
      VectorMath.combineInto(linearPart, sigmas[k] / sigmas[currentStep()], x, -phi1, m0);
      predicted = linearPart;
      if (p >= 2) {
        double[] predictorRhos = p == 2 ? new double[] {0.5} : SmallLinearSystem.solve(r, b, p - 1);
        predicted = VectorMath.combineInto(predictedWithHistory, 1, linearPart, -bh,
            weightedDifferences(predictorRhos));
      }
      correctorRhos = p == 1 ? new double[] {0.5} : SmallLinearSystem.solve(r, b, p);
    }

    /** Σ_j ρ_j·D_j over the older points j = 1..p−1, D_j = (m_j − m₀)/r_j, into {@link #differences}. */
    private float[] weightedDifferences(double[] rhos) {
      int terms = Math.min(rhos.length, stepOrder - 1);
      float[] m0 = models.get(models.size() - 1);
      double[] coefficients = new double[terms + 1];
      float[][] vectors = new float[terms + 1][];
      coefficients[0] = 0;
      vectors[0] = m0;
      for (int j = 1; j <= terms; j++) {
        double w = rhos[j - 1] / rks[j - 1];
        coefficients[0] -= w;
        coefficients[j] = w;
        vectors[j] = models.get(models.size() - 1 - j);
      }
      return VectorMath.combineInto(differences, coefficients, vectors);
    }
  }
}
