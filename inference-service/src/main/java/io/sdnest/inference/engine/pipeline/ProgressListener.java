package io.sdnest.inference.engine.pipeline;

/** Told after every sampling step; called on the generating thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = p -> { };

  void onStep(Progress progress);

  /**
   * A preview every this many steps and at the end of each pass; 0 for none; negative for one at the end of each pass
   * only (A1111's {@code show_progress_every_n_steps} −1).
   */
  default int previewEvery() {
    return 0;
  }
}
