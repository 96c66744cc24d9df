package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.Progress;
import io.sdnest.inference.engine.pipeline.ProgressListener;

/** A job's ETA from its measured time per step, and the eta_relative that progress shows for it. */
class GenerationJobEtaTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(100 * SECOND);

  private GenerationJob job(int steps, int nIter) {
    GenerationRequest request = GenerationRequest.builder().prompt("red").size(64, 64).steps(steps).batch(1, nIter)
        .build(GenerationLimits.defaults());
    return new GenerationJob("j1", "alice", "txt2img", true, request, now::get);
  }

  private void stepAt(ProgressListener listener, long atSecond, int batch, int batches, int step, int steps) {
    now.set((100 + atSecond) * SECOND);
    listener.onStep(new Progress("txt2img", batch, batches, step, steps, null));
  }

  @Test
  void theEtaIsTheRemainingStepsAtTheMeasuredTimePerStepNotCountingThePromptEncoding() {
    GenerationJob job = job(20, 1);
    job.started();
    ProgressListener listener = job.listener(() -> { }, 0);
    // 5 s of prompt encoding before the first step, then 1 s per step
    stepAt(listener, 5, 0, 1, 1, 20);
    assertThat(job.etaSeconds()).as("unknown from one step").isNull();
    stepAt(listener, 6, 0, 1, 2, 20);
    stepAt(listener, 7, 0, 1, 3, 20);
    assertThat(job.etaSeconds()).isCloseTo(17.0, within(1e-9));
  }

  @Test
  void stepsReportedTogetherShareTheirTimeAndLaterBatchesCount() {
    GenerationJob job = job(10, 2);
    job.started();
    ProgressListener listener = job.listener(() -> { }, 0);
    stepAt(listener, 1, 0, 2, 1, 10);
    stepAt(listener, 5, 0, 2, 3, 10);
    // 2 s per step; 7 steps of this batch and 10 of the next left
    assertThat(job.etaSeconds()).isCloseTo(34.0, within(1e-9));
    // the time between batches (decoding) is not a step: the pace stays 2 s per step
    stepAt(listener, 40, 1, 2, 1, 10);
    assertThat(job.etaSeconds()).isCloseTo(18.0, within(1e-9));
  }

  @Test
  void progressShowsTheMeasuredEtaWhileRunningAndA1111sFormulaBefore() {
    GenerationJob job = job(20, 1);
    job.started();
    ProgressListener listener = job.listener(() -> { }, 0);
    stepAt(listener, 5, 0, 1, 1, 20);
    // A1111's formula: p = 0.01 + 1/20 = 0.06 after 5 s: 5 / 0.06 - 5
    assertThat(job.a1111Progress(false, null).eta_relative()).isCloseTo(5 / 0.06 - 5, within(1e-6));
    stepAt(listener, 6, 0, 1, 2, 20);
    stepAt(listener, 7, 0, 1, 3, 20);
    assertThat(job.a1111Progress(false, null).eta_relative()).as("17 steps of 1 s, not 7 / 0.16 - 7")
        .isCloseTo(17.0, within(1e-9));
    assertThat(job.a1111Progress(false, null).progress()).isCloseTo(0.16, within(1e-9));
  }

  @Test
  void previewsFollowA1111sOptions() {
    assertThat(GenerationJob.previewEvery(true, 10)).isEqualTo(10);
    assertThat(GenerationJob.previewEvery(false, 10)).isZero();
    assertThat(GenerationJob.previewEvery(true, -1)).as("only at the end of each batch").isEqualTo(-1);
    assertThat(GenerationJob.previewEvery(true, 0)).as("every step").isEqualTo(1);
    GenerationJob job = job(20, 1);
    assertThat(job.listener(() -> { }, 3).previewEvery()).isEqualTo(3);
  }
}
