package io.sdnest.inference.service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

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

  /** A1111's option {@code show_progress_every_n_steps}. */
  static final int PREVIEW_EVERY = 10;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final String id;
  private final String owner;
  private final String kind;
  private final boolean async;
  private final int jobCount;
  private final int steps;
  private final Instant created = Instant.now();
  private final long createdNanos = System.nanoTime();
  private final CancellationToken cancel = new CancellationToken();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private State state = State.QUEUED;
  private AdmissionQueue.Ticket ticket;
  private ProgressResponse.State progress;
  private Bitmap preview;
  private long startNanos;
  private long lastStepNanos;
  private double stepSeconds = Double.NaN;
  private boolean sawStep;
  private boolean cancelled;
  private Instant finishedAt;
  private GenerationResponse result;
  private A1111Error error;
  private int errorStatus;

  GenerationJob(String id, String owner, String kind, boolean async, GenerationRequest request) {
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
    startNanos = System.nanoTime();
    lastStepNanos = startNanos;
    progress = new ProgressResponse.State(progress.skipped(), progress.interrupted(), false, "scripts_" + kind, jobCount,
        LocalDateTime.now().format(TIMESTAMP), 0, 0, steps);
  }

  /** Reports the generation's steps here; the first one also goes to {@code firstStep}. */
  ProgressListener listener(Runnable firstStep) {
    return new ProgressListener() {
      @Override
      public void onStep(Progress p) {
        boolean first;
        synchronized (GenerationJob.this) {
          long now = System.nanoTime();
          first = !sawStep;
          sawStep = true;
          int before = progress.sampling_step();
          int done = Math.max(1, p.step() > before ? p.step() - before : p.step());
          double seconds = (now - lastStepNanos) / 1e9 / done;
          stepSeconds = Double.isNaN(stepSeconds) ? seconds : 0.8 * stepSeconds + 0.2 * seconds;
          lastStepNanos = now;
          int jobNo = "hires".equals(p.pass()) ? p.batches() + p.batch() : p.batch();
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
        return PREVIEW_EVERY;
      }
    };
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

  /** Cancels (DELETE, or the client went away): a waiting job leaves the queue, a running one stops at a step. */
  public void cancel() {
    AdmissionQueue.Ticket t;
    synchronized (this) {
      if (state.finished()) {
        return;
      }
      cancelled = true;
      t = ticket;
    }
    cancel.interrupt();
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

  /** A1111's progress body for this job (§1.4: progress and eta_relative by its formula). */
  public synchronized ProgressResponse a1111Progress(boolean skipCurrentImage, String image) {
    ProgressResponse.State st = progress;
    if (st.job_count() == 0) {
      return new ProgressResponse(0.0, 0.0, st, null, null);
    }
    double p = fraction();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    return new ProgressResponse(Math.min(p, 1.0), elapsed / p - elapsed, st, skipCurrentImage ? null : image, null);
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
