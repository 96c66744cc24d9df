package io.sdnest.inference.engine.pipeline;

/**
 * A1111's interrupt and skip, and sdnest's abandon, checked at step boundaries: interrupt stops the whole request
 * (images of the batch in progress are decoded as they are, later batches are not started); skip ends the current
 * batch early and goes on with the next; abandon stops like interrupt but, since nobody wants the result any more
 * (a cancelled job, a client that went away), nothing of the batch in progress is decoded.
 */
public final class CancellationToken {

  private volatile boolean interrupted;
  private volatile boolean skipped;
  private volatile boolean abandoned;

  public void interrupt() {
    interrupted = true;
  }

  public void skip() {
    skipped = true;
  }

  /** Stops at the next step boundary and drops the batch in progress: no decoding, hires pass or image outputs. */
  public void abandon() {
    abandoned = true;
    interrupted = true;
  }

  /** Whether no later batch starts (interrupted or abandoned). */
  public boolean isInterrupted() {
    return interrupted;
  }

  public boolean isAbandoned() {
    return abandoned;
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
