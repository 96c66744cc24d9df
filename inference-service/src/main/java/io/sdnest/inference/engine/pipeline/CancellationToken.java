package io.sdnest.inference.engine.pipeline;

/**
 * A1111's interrupt and skip, checked at step boundaries: interrupt stops the whole request (images of the batch in
 * progress are decoded as they are, later batches are not started); skip ends the current batch early and goes on
 * with the next.
 */
public final class CancellationToken {

  private volatile boolean interrupted;
  private volatile boolean skipped;

  public void interrupt() {
    interrupted = true;
  }

  public void skip() {
    skipped = true;
  }

  public boolean isInterrupted() {
    return interrupted;
  }

  /** Whether denoising of the current batch should stop at the next step boundary. */
  public boolean stopsBatch() {
    return interrupted || skipped;
  }

  /** Called when a batch is finished, so that a skip ends only the batch it was meant for. */
  void batchFinished() {
    skipped = false;
  }
}
