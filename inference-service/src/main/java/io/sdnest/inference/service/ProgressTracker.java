package io.sdnest.inference.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.security.Caller;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.rest.ProgressResponse;

/**
 * A1111's {@code progress}, {@code interrupt} and {@code skip} over many concurrent jobs: progress shows the caller's
 * latest job when the gateway names the caller, else the latest job of anyone; interrupt and skip act on the caller's
 * running jobs (an admin's, or a direct caller's, on all). As in A1111, a finished job keeps its flags and last step.
 */
@ApplicationScoped
public class ProgressTracker {

  private static final ProgressResponse IDLE = new ProgressResponse(0.0, 0.0,
      new ProgressResponse.State(false, false, false, "", 0, "0", 0, 0, 0), null, null);

  private final JobRegistry jobs;

  public ProgressTracker(JobRegistry jobs) {
    this.jobs = jobs;
  }

  public ProgressResponse progress(Caller caller, boolean skipCurrentImage) {
    return jobs.latestFor(caller).map(job -> {
      Bitmap preview = skipCurrentImage ? null : job.preview();
      String image = preview == null ? null : ImageCodec.toBase64(ImageCodec.encodePng(preview, null));
      return job.a1111Progress(skipCurrentImage, image);
    }).orElse(IDLE);
  }

  /** Stops the caller's running jobs at their next step; they return the images made so far. */
  public void interrupt(Caller caller) {
    running(caller).forEach(GenerationJob::interrupt);
  }

  /** Ends the current batch of the caller's running jobs. */
  public void skip(Caller caller) {
    running(caller).forEach(GenerationJob::skip);
  }

  private List<GenerationJob> running(Caller caller) {
    return jobs.controllable(caller).stream().filter(j -> j.state() == GenerationJob.State.RUNNING).toList();
  }
}
