package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.model.PredictionType;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import io.sdnest.inference.engine.sampler.SamplerOptions;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows, contexts and guidance of one job: composable (AND) prompts and per-evaluation prompt schedules. */
class DenoiseJobTest {

  private static final ModelSigmas SIGMAS = ModelSigmas.stableDiffusion();

  private static FloatTensor ctx(float v) {
    return new FloatTensor(new float[] {v, v}, new long[] {1, 1, 2});
  }

  private static List<ScheduledConditioning> constant(int steps, float v) {
    return List.of(new ScheduledConditioning(steps, ctx(v)));
  }

  private static SamplerRun run(String sampler, int steps) {
    SamplerChoice choice = SamplerCatalog.resolve(sampler, null, null);
    return choice.sampler().sampler().start(new float[] {0.3f, -0.2f, 0.1f, 0.4f},
        choice.schedule(steps, SIGMAS).sigmas(), n -> new float[n], SamplerOptions.DEFAULTS);
  }

  @Test
  void andSubPromptsGetOneRowEachAfterTheNegativePrompt() {
    DenoiseJob job = DenoiseJob.composable(run("Euler", 4), List.of(new ComposableCondition(constant(4, 1), 1.0),
        new ComposableCondition(constant(4, 3), 0.5)), constant(4, 2), 7, SIGMAS, PredictionType.EPSILON, 4, 1, 1,
        null, null);
    assertThat(job.rows()).isEqualTo(3);
    assertThat(job.context(0)).containsExactly(2, 2);
    assertThat(job.context(1)).containsExactly(1, 1);
    assertThat(job.context(2)).containsExactly(3, 3);
    DenoiseJob unguided = DenoiseJob.composable(run("Euler", 4), List.of(new ComposableCondition(constant(4, 1), 1.0),
        new ComposableCondition(constant(4, 3), 0.5)), constant(4, 2), 1, SIGMAS, PredictionType.EPSILON, 4, 1, 1,
        null, null);
    assertThat(unguided.rows()).isEqualTo(2);
    assertThat(unguided.context(0)).containsExactly(1, 1);
  }

  /** Euler's denoised latent x − σ·ε, read back from one step: x_next = x + (σ_next − σ)·ε. */
  private static double epsilonUsed(String ignored, DenoiseJob job, SamplerRun run, float[] out) {
    double sigma = run.sigma();
    float x = run.input()[0];
    job.accept(out, 0);
    return (run.input()[0] - x) / (run.sigma() - sigma);
  }

  @Test
  void guidanceIsUncondPlusTheWeightedSumOfEachSubPromptsDifference() {
    SamplerRun run = run("Euler", 4);
    DenoiseJob job = DenoiseJob.composable(run, List.of(new ComposableCondition(constant(4, 1), 1.0),
        new ComposableCondition(constant(4, 3), -0.5)), constant(4, 2), 3, SIGMAS, PredictionType.EPSILON, 4, 1, 1,
        null, null);
    // rows [uncond, cond1, cond2], 4 values each; value 0: u = 0.2, c1 = 1.0, c2 = -0.4
    float[] out = {0.2f, 0, 0, 0, 1.0f, 0, 0, 0, -0.4f, 0, 0, 0};
    double expected = 0.2 + 1.0 * 3 * (1.0 - 0.2) + (-0.5) * 3 * (-0.4 - 0.2);
    assertThat(epsilonUsed("Euler", job, run, out)).isCloseTo(expected, within(1e-4));
  }

  @Test
  void withoutGuidanceTheFirstSubPromptStandsInForTheNegativeOne() {
    SamplerRun run = run("Euler", 4);
    DenoiseJob job = DenoiseJob.composable(run, List.of(new ComposableCondition(constant(4, 1), 1.0),
        new ComposableCondition(constant(4, 3), 0.5)), constant(4, 2), 1, SIGMAS, PredictionType.EPSILON, 4, 1, 1,
        null, null);
    float[] out = {1.0f, 0, 0, 0, -0.4f, 0, 0, 0};
    double expected = 1.0 + 0.5 * (-0.4 - 1.0);
    assertThat(epsilonUsed("Euler", job, run, out)).isCloseTo(expected, within(1e-4));
  }

  @Test
  void aSingleWeightedPromptScalesItsGuidance() {
    SamplerRun run = run("Euler", 4);
    DenoiseJob job = DenoiseJob.composable(run, List.of(new ComposableCondition(constant(4, 1), 1.5)),
        constant(4, 2), 2, SIGMAS, PredictionType.EPSILON, 4, 1, 1, null, null);
    float[] out = {0.2f, 0, 0, 0, 1.0f, 0, 0, 0};
    assertThat(epsilonUsed("Euler", job, run, out)).isCloseTo(0.2 + 1.5 * 2 * 0.8, within(1e-4));
  }

  @Test
  void promptSchedulesAdvancePerModelEvaluationAsA1111sDenoiserCountsItsStep() {
    // Heun: two evaluations per step; A1111 resolves the schedule against 2 × steps and counts every evaluation
    SamplerRun run = run("Heun", 4);
    List<ScheduledConditioning> schedule = List.of(new ScheduledConditioning(3, ctx(1)),
        new ScheduledConditioning(8, ctx(5)));
    DenoiseJob job = new DenoiseJob(run, schedule, constant(8, 2), 1, SIGMAS, PredictionType.EPSILON, 4, 1, 1, null,
        null);
    float[] out = new float[4];
    for (int evaluation = 0; evaluation < 4; evaluation++) {
      assertThat(job.context(0)).as("evaluation %d", evaluation).containsExactly(1, 1);
      job.accept(out, 0);
    }
    assertThat(job.step()).isEqualTo(2);
    assertThat(job.context(0)).as("evaluation 4, sampler step 2").containsExactly(5, 5);
  }

  @Test
  void secondOrderSamplersResolveSchedulesAgainstTwiceTheSteps() {
    for (String sampler : List.of("Heun", "DPM2", "DPM2 a", "DPM++ 2S a", "DPM++ SDE")) {
      assertThat(SamplerCatalog.resolve(sampler, null, null).sampler().totalSteps(10)).as(sampler).isEqualTo(20);
    }
    for (String sampler : List.of("Euler", "Euler a", "DPM++ 2M", "LMS", "DDIM", "PLMS", "UniPC", "LCM")) {
      assertThat(SamplerCatalog.resolve(sampler, null, null).sampler().totalSteps(10)).as(sampler).isEqualTo(10);
    }
  }
}
