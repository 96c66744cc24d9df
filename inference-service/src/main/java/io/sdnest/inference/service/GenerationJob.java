package io.sdnest.inference.service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.sdnest.common.error.A1111Error;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.Progress;
import io.sdnest.inference.engine.pipeline.ProgressListener;
import io.sdnest.inference.rest.GenerationResponse;
import io.sdnest.inference.rest.ProgressResponse;
import io.sdnest.inference.worker.AdmissionQueue;

/**
 * One txt2img/img2img request from submission to result: its owner, state, A1111-style progress (what {@code progress}
 * shows for it), its cancellation and, for async jobs, its result. Thread-safe; the worker thread reports steps.
 */
public final class GenerationJob {

  public enum State {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public String label() {
      return name().toLowerCase();
    }

    public boolean finished() {
      return this == DONE || this == FAILED || this == CANCELLED;
    }
  }

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final String id;
  private final String owner;
  private final String kind;
  private final boolean async;
  private final int jobCount;
  private final int steps;
  private final Instant created = Instant.now();
  private final LongSupplier nanoClock;
  private final long createdNanos;
  private final CancellationToken cancel = new CancellationToken();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private State state = State.QUEUED;
  private AdmissionQueue.Ticket ticket;
  private ProgressResponse.State progress;
  private Bitmap preview;
  private long startNanos;
  /** When the last step was reported; the time per step is measured between steps of one pass. */
  private long lastStepNanos;
  private double stepSeconds = Double.NaN;
  private boolean sawStep;
  private boolean cancelled;
  private Instant finishedAt;
  private GenerationResponse result;
  private A1111Error error;
  private int errorStatus;

  GenerationJob(String id, String owner, String kind, boolean async, GenerationRequest request) {
    this(id, owner, kind, async, request, System::nanoTime);
  }

  /** @param nanoClock as {@link System#nanoTime()}: what step times and the ETA are measured with */
  GenerationJob(String id, String owner, String kind, boolean async, GenerationRequest request,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.createdNanos = nanoClock.getAsLong();
    this.id = id;
    this.owner = owner;
    this.kind = kind;
    this.async = async;
    this.jobCount = request.size().nIter() * (request.hires() != null ? 2 : 1);
    this.steps = request.sampling().steps();
    this.progress = new ProgressResponse.State(false, false, false, "", 0, "0", 0, 0, 0);
  }

  public String id() {
    return id;
  }

  public String owner() {
    return owner;
  }

  public String kind() {
    return kind;
  }

  public boolean async() {
    return async;
  }

  public Instant created() {
    return created;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public CancellationToken cancellation() {
    return cancel;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized Instant finishedAt() {
    return finishedAt;
  }

  public synchronized GenerationResponse result() {
    return result;
  }

  public synchronized A1111Error error() {
    return error;
  }

  public synchronized int errorStatus() {
    return errorStatus;
  }

  synchronized void queued(AdmissionQueue.Ticket t) {
    this.ticket = t;
  }

  /** Admitted: the generation starts now. */
  synchronized void started() {
    state = State.RUNNING;
    startNanos = nanoClock.getAsLong();
    lastStepNanos = startNanos;
    progress = new ProgressResponse.State(progress.skipped(), progress.interrupted(), false, "scripts_" + kind, jobCount,
        LocalDateTime.now().format(TIMESTAMP), 0, 0, steps);
  }

  /**
   * Reports the generation's steps here; the first one also goes to {@code firstStep}.
   *
   * @param previewEvery as {@link ProgressListener#previewEvery()}, see {@link #previewEvery(boolean, int)}
   */
  ProgressListener listener(Runnable firstStep, int previewEvery) {
    return new ProgressListener() {
      @Override
      public void onStep(Progress p) {
        boolean first;
        synchronized (GenerationJob.this) {
          long now = nanoClock.getAsLong();
          first = !sawStep;
          int jobNo = "hires".equals(p.pass()) ? p.batches() + p.batch() : p.batch();
          int before = progress.sampling_step();
          // only between two steps of one pass: before the first one lie the prompt encoding and, between passes,
          // decoding and the hires upscale
          if (sawStep && jobNo == progress.job_no() && p.step() > before) {
            double seconds = (now - lastStepNanos) / 1e9 / (p.step() - before);
            stepSeconds = Double.isNaN(stepSeconds) ? seconds : 0.8 * stepSeconds + 0.2 * seconds;
          }
          sawStep = true;
          lastStepNanos = now;
          progress = new ProgressResponse.State(progress.skipped(), progress.interrupted(), false, progress.job(),
              progress.job_count(), progress.job_timestamp(), jobNo, p.step(), p.steps());
          if (p.preview() != null) {
            preview = p.preview();
          }
        }
        if (first) {
          firstStep.run();
        }
      }

      @Override
      public int previewEvery() {
        return previewEvery;
      }
    };
  }

  /**
   * {@link ProgressListener#previewEvery()} for A1111's options {@code live_previews_enable} and
   * {@code show_progress_every_n_steps}: none when disabled, −1 only at the end of each pass (A1111: after each batch),
   * 0 every step (A1111 then previews at every step), else every n steps.
   */
  static int previewEvery(boolean enabled, int everyNSteps) {
    if (!enabled) {
      return 0;
    }
    return everyNSteps < 0 ? -1 : Math.max(1, everyNSteps);
  }

  /** A1111's interrupt: stops at the next step boundary, the images made so far are the result. */
  synchronized void interrupt() {
    progress = new ProgressResponse.State(progress.skipped(), true, progress.stopping_generation(), progress.job(),
        progress.job_count(), progress.job_timestamp(), progress.job_no(), progress.sampling_step(),
        progress.sampling_steps());
    cancel.interrupt();
  }

  /** A1111's skip: ends the current batch at the next step boundary. */
  synchronized void skip() {
    progress = new ProgressResponse.State(true, progress.interrupted(), progress.stopping_generation(), progress.job(),
        progress.job_count(), progress.job_timestamp(), progress.job_no(), progress.sampling_step(),
        progress.sampling_steps());
    cancel.skip();
  }

  /**
   * Cancels (DELETE, or the client went away): a waiting job leaves the queue, a running one stops at a step and
   * abandons its batch (no decoding: nobody waits for these images).
   */
  public void cancel() {
    AdmissionQueue.Ticket t;
    synchronized (this) {
      if (state.finished()) {
        return;
      }
      cancelled = true;
      t = ticket;
    }
    cancel.abandon();
    if (t != null && !t.isAdmitted()) {
      t.release();
    }
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  synchronized void succeeded(GenerationResponse response) {
    finish(cancelled ? State.CANCELLED : State.DONE);
    result = async && !cancelled ? response : null;
  }

  synchronized void failed(int status, A1111Error body) {
    finish(cancelled ? State.CANCELLED : State.FAILED);
    errorStatus = status;
    error = body;
  }

  private void finish(State end) {
    state = end;
    finishedAt = Instant.now();
    progress = new ProgressResponse.State(progress.skipped(), progress.interrupted(), false, "", 0,
        progress.job_timestamp(), progress.job_no(), progress.sampling_step(), progress.sampling_steps());
    preview = null;
    finished.complete(null);
  }

  /** Completes when the job reached a final state. */
  public CompletableFuture<Void> whenFinished() {
    return finished;
  }

  /**
   * A1111's progress body for this job (§1.4): progress by A1111's formula; eta_relative, seconds left, from the
   * measured time per step once known ({@link #etaSeconds()}: merged with others, a job's steps slow down as more jobs
   * join, which A1111's elapsed/progress − elapsed does not see), else by A1111's formula.
   */
  public synchronized ProgressResponse a1111Progress(boolean skipCurrentImage, String image) {
    ProgressResponse.State st = progress;
    if (st.job_count() == 0) {
      return new ProgressResponse(0.0, 0.0, st, null, null);
    }
    double p = fraction();
    Double measured = state == State.RUNNING ? etaSeconds() : null;
    double elapsed = (nanoClock.getAsLong() - startNanos) / 1e9;
    double eta = measured != null ? measured : elapsed / p - elapsed;
    return new ProgressResponse(Math.min(p, 1.0), eta, st, skipCurrentImage ? null : image, null);
  }

  /** 0.01 + job_no/job_count + step/steps/job_count, A1111's formula; 1 once finished. */
  public synchronized double fraction() {
    ProgressResponse.State st = progress;
    if (state.finished()) {
      return 1.0;
    }
    if (st.job_count() == 0) {
      return 0.0;
    }
    return Math.min(1.0, 0.01 + (double) st.job_no() / st.job_count()
        + (1.0 / st.job_count()) * (st.sampling_steps() > 0 ? (double) st.sampling_step() / st.sampling_steps() : 0));
  }

  /** Seconds left from the measured time per step: the remaining steps of all passes at that pace; null unknown. */
  public synchronized Double etaSeconds() {
    if (state != State.RUNNING || Double.isNaN(stepSeconds) || progress.job_count() == 0) {
      return state.finished() ? 0.0 : null;
    }
    int totalSteps = progress.job_count() * Math.max(1, progress.sampling_steps());
    int doneSteps = progress.job_no() * Math.max(1, progress.sampling_steps()) + progress.sampling_step();
    return Math.max(0, totalSteps - doneSteps) * stepSeconds;
  }

  public synchronized ProgressResponse.State progressState() {
    return progress;
  }

  public synchronized Bitmap preview() {
    return preview;
  }
}
