package io.sdnest.inference.engine.pipeline;

import java.util.List;

/**
 * Denoises the jobs of one request: in process ({@link LocalDenoiser}) or merged with other requests' jobs on a device
 * worker. Either way each job only ever sees its own rows, so the result does not depend on which one runs it.
 */
public interface Denoiser {

  /** Observes a request's denoising: called after each iteration in which its slowest job completed a step. */
  @FunctionalInterface
  interface StepObserver {
    void onStep(int step, int totalSteps);
  }

  /** Runs until every job is done or {@code cancel} stops the batch; returns whether all jobs finished. */
  boolean run(List<DenoiseJob> jobs, StepObserver observer, CancellationToken cancel);
}
