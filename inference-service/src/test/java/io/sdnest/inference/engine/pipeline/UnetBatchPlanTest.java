package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerOptions;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How pending evaluations of many jobs are grouped into UNet calls. */
class UnetBatchPlanTest {

  private static final ModelSigmas SIGMAS = ModelSigmas.stableDiffusion();

  private static DenoiseJob job(int h, int w, int steps, double cfg, int tokens) {
    var sampler = SamplerCatalog.resolve("Euler", null, null);
    double[] sigmas = sampler.schedule(steps, SIGMAS).sigmas();
    var run = sampler.sampler().sampler().start(new float[4 * h * w], sigmas, n -> new float[n],
        SamplerOptions.DEFAULTS);
    var cond = List.of(new ScheduledConditioning(steps, FloatTensor.zeros(1, tokens, 8)));
    return new DenoiseJob(run, cond, cond, cfg, SIGMAS, PredictionType.EPSILON, 4, h, w, null, null);
  }

  @Test
  void jobsWithDifferentLatentSizesOrContextLengthsNeverShareACall() {
    DenoiseJob a = job(8, 8, 10, 7, 77);
    DenoiseJob b = job(8, 16, 10, 7, 77);
    DenoiseJob c = job(8, 8, 10, 7, 154);
    DenoiseJob d = job(8, 8, 20, 1, 77);
    assertThat(UnetBatch.plan(List.of(a, b, c, d), true, 16)).containsExactly(List.of(a, d), List.of(b), List.of(c));
  }

  @Test
  void withOneTimestepPerCallOnlyEqualTimestepsShareACall() {
    DenoiseJob a = job(8, 8, 10, 7, 77);
    DenoiseJob b = job(8, 8, 20, 7, 77);
    DenoiseJob c = job(8, 8, 10, 3, 77);
    assertThat(a.timestep()).isEqualTo(b.timestep());
    a.accept(new float[2 * 256], 0);
    assertThat(a.timestep()).isNotEqualTo(c.timestep());
    assertThat(UnetBatch.plan(List.of(a, b, c), false, 16)).containsExactly(List.of(a), List.of(b, c));
    assertThat(UnetBatch.plan(List.of(a, b, c), true, 16)).containsExactly(List.of(a, b, c));
  }

  @Test
  void rowsPerCallAreCappedWithoutSplittingAJobsRows() {
    DenoiseJob a = job(8, 8, 10, 7, 77);
    DenoiseJob b = job(8, 8, 10, 7, 77);
    DenoiseJob c = job(8, 8, 10, 1, 77);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(c.rows()).isEqualTo(1);
    assertThat(UnetBatch.plan(List.of(a, b, c), true, 3)).containsExactly(List.of(a), List.of(b, c));
  }

  @Test
  void theRowLimitIsABudgetInLatentPixelsSoLargerImagesGetProportionallyFewerRows() {
    assertThat(UnetBatch.rowsAt(8, 64, 64)).isEqualTo(8);
    assertThat(UnetBatch.rowsAt(8, 128, 128)).isEqualTo(2);
    assertThat(UnetBatch.rowsAt(8, 96, 96)).isEqualTo(3);
    assertThat(UnetBatch.rowsAt(8, 256, 256)).as("never below one row").isEqualTo(1);
    assertThat(UnetBatch.rowsAt(8, 8, 8)).as("no more rows than the limit below 64x64").isEqualTo(8);
    assertThat(UnetBatch.cost(2, 128, 128)).isEqualTo(4 * UnetBatch.cost(2, 64, 64));

    List<DenoiseJob> small = List.of(job(64, 64, 10, 7, 77), job(64, 64, 10, 7, 77), job(64, 64, 10, 7, 77),
        job(64, 64, 10, 7, 77));
    assertThat(UnetBatch.plan(small, true, 8)).as("8 rows at 64x64").containsExactly(small);
    List<DenoiseJob> large = List.of(job(128, 128, 10, 7, 77), job(128, 128, 10, 7, 77), job(128, 128, 10, 1, 77),
        job(128, 128, 10, 1, 77));
    assertThat(UnetBatch.plan(large, true, 8)).as("2 rows at 128x128")
        .containsExactly(List.of(large.get(0)), List.of(large.get(1)), List.of(large.get(2), large.get(3)));
    DenoiseJob huge = job(256, 256, 10, 7, 77);
    assertThat(UnetBatch.plan(List.of(huge), true, 8)).as("one job over the budget still runs, alone")
        .containsExactly(List.of(huge));
  }

  @Test
  void guidanceRowsAreUncondThenCond() {
    var sampler = SamplerCatalog.resolve("Euler", null, null);
    var run = sampler.sampler().sampler().start(new float[4], sampler.schedule(4, SIGMAS).sigmas(), n -> new float[n],
        SamplerOptions.DEFAULTS);
    FloatTensor condTensor = new FloatTensor(new float[] {1, 1}, new long[] {1, 1, 2});
    FloatTensor uncondTensor = new FloatTensor(new float[] {2, 2}, new long[] {1, 1, 2});
    DenoiseJob job = new DenoiseJob(run, List.of(new ScheduledConditioning(4, condTensor)),
        List.of(new ScheduledConditioning(4, uncondTensor)), 5, SIGMAS, PredictionType.EPSILON, 4, 1, 1, null, null);
    assertThat(job.context(0)).containsExactly(2, 2);
    assertThat(job.context(1)).containsExactly(1, 1);
    double sigma = run.sigma();
    float[] out = {0, 0, 0, 0, 1, 1, 1, 1};
    float[] x = run.input().clone();
    job.accept(out, 0);
    // ε = 0 + 5·(1 − 0) = 5, so the denoised latent is x − 5σ and Euler lands on it scaled by σ_next/σ
    double sigmaNext = run.sigma();
    double expected = x[0] + (sigmaNext - sigma) * 5;
    assertThat((double) run.input()[0]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-3));
  }
}
