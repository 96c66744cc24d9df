package io.sdnest.inference.engine.pipeline;

/** Told after every sampling step; called on the generating thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = p -> { };

  void onStep(Progress progress);

  /** A preview every this many steps; 0 for none. */
  default int previewEvery() {
    return 0;
  }
}
