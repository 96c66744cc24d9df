package io.sdnest.inference.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Denoises the jobs of one request in process: every iteration batches the pending evaluations of all unfinished jobs
 * through {@link UnetBatch}. A stop request ends the loop once every job is at a step boundary.
 */
public final class LocalDenoiser implements Denoiser {

  private final UnetModel unet;
  private final UnetBatch batch;
  private final int maxRows;

  public LocalDenoiser(UnetModel unet, int maxRows) {
    this.unet = unet;
    this.batch = new UnetBatch(unet);
    this.maxRows = maxRows;
  }

  @Override
  public boolean run(List<DenoiseJob> jobs, StepObserver observer, CancellationToken cancel) {
    int reported = 0;
    int total = jobs.stream().mapToInt(DenoiseJob::totalSteps).max().orElse(0);
    while (true) {
      List<DenoiseJob> pending = new ArrayList<>(jobs.size());
      boolean stopping = cancel.stopsBatch();
      for (DenoiseJob job : jobs) {
        if (!job.isDone() && !(stopping && job.atStepBoundary())) {
          pending.add(job);
        }
      }
      if (pending.isEmpty()) {
        return jobs.stream().allMatch(DenoiseJob::isDone);
      }
      for (List<DenoiseJob> group : UnetBatch.plan(pending, unet.perRowTimesteps(), maxRows)) {
        batch.run(group);
      }
      int step = jobs.stream().mapToInt(DenoiseJob::step).min().orElse(total);
      if (step > reported) {
        reported = step;
        observer.onStep(step, total);
      }
    }
  }
}
