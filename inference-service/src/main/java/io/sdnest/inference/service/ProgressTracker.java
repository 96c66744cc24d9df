package io.sdnest.inference.service;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.Progress;
import io.sdnest.inference.engine.pipeline.ProgressListener;
import io.sdnest.inference.rest.ProgressResponse;

/**
 * A1111's {@code shared.state} for the one generation that runs at a time: what {@code progress} reports and what
 * {@code interrupt} and {@code skip} act on. As in A1111, only {@code job} and {@code job_count} are reset when a job
 * ends.
 */
@ApplicationScoped
public class ProgressTracker {

  /** A1111's option {@code show_progress_every_n_steps}. */
  private static final int PREVIEW_EVERY = 10;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private record Snapshot(ProgressResponse.State state, long startNanos, Bitmap preview, CancellationToken cancel) {

    Snapshot with(UnaryOperator<ProgressResponse.State> change) {
      return new Snapshot(change.apply(state), startNanos, preview, cancel);
    }
  }

  private final AtomicReference<Snapshot> current = new AtomicReference<>(
      new Snapshot(new ProgressResponse.State(false, false, false, "", 0, "0", 0, 0, 0), 0, null, null));

  /** Runs a generation with its progress reported here. */
  public <T> T track(String job, GenerationRequest request, CancellationToken cancel,
      Function<ProgressListener, T> generation) {
    int jobCount = request.size().nIter() * (request.hires() != null ? 2 : 1);
    int steps = request.sampling().steps();
    current.set(new Snapshot(new ProgressResponse.State(false, false, false, "scripts_" + job, jobCount,
        LocalDateTime.now().format(TIMESTAMP), 0, 0, steps), System.nanoTime(), null, cancel));
    try {
      return generation.apply(new ProgressListener() {
        @Override
        public void onStep(Progress p) {
          int jobNo = "hires".equals(p.pass()) ? p.batches() + p.batch() : p.batch();
          current.updateAndGet(s -> new Snapshot(new ProgressResponse.State(s.state().skipped(),
              s.state().interrupted(), false, s.state().job(), s.state().job_count(), s.state().job_timestamp(),
              jobNo, p.step(), p.steps()), s.startNanos(), p.preview() != null ? p.preview() : s.preview(), s.cancel()));
        }

        @Override
        public int previewEvery() {
          return PREVIEW_EVERY;
        }
      });
    } finally {
      current.updateAndGet(s -> new Snapshot(new ProgressResponse.State(s.state().skipped(), s.state().interrupted(),
          false, "", 0, s.state().job_timestamp(), s.state().job_no(), s.state().sampling_step(),
          s.state().sampling_steps()), s.startNanos(), null, null));
    }
  }

  public ProgressResponse progress(boolean skipCurrentImage) {
    Snapshot s = current.get();
    ProgressResponse.State st = s.state();
    if (st.job_count() == 0) {
      return new ProgressResponse(0.0, 0.0, st, null, null);
    }
    double p = 0.01 + (double) st.job_no() / st.job_count()
        + (1.0 / st.job_count()) * (st.sampling_steps() > 0 ? (double) st.sampling_step() / st.sampling_steps() : 0);
    double elapsed = (System.nanoTime() - s.startNanos()) / 1e9;
    String image = skipCurrentImage || s.preview() == null ? null
        : ImageCodec.toBase64(ImageCodec.encodePng(s.preview(), null));
    return new ProgressResponse(Math.min(p, 1.0), elapsed / p - elapsed, st, image, null);
  }

  /** Stops the running generation; the images made so far are returned. */
  public void interrupt() {
    Snapshot s = current.updateAndGet(x -> x.with(st -> new ProgressResponse.State(st.skipped(), true,
        st.stopping_generation(), st.job(), st.job_count(), st.job_timestamp(), st.job_no(), st.sampling_step(),
        st.sampling_steps())));
    if (s.cancel() != null) {
      s.cancel().interrupt();
    }
  }

  /** Ends the current batch of the running generation early. */
  public void skip() {
    Snapshot s = current.updateAndGet(x -> x.with(st -> new ProgressResponse.State(true, st.interrupted(),
        st.stopping_generation(), st.job(), st.job_count(), st.job_timestamp(), st.job_no(), st.sampling_step(),
        st.sampling_steps())));
    if (s.cancel() != null) {
      s.cancel().skip();
    }
  }
}
