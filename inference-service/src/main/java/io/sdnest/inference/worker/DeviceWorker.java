package io.sdnest.inference.worker;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.quarkus.logging.Log;
import io.sdnest.inference.engine.pipeline.BatchKey;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.DenoiseJob;
import io.sdnest.inference.engine.pipeline.Denoiser;
import io.sdnest.inference.engine.pipeline.DeviceCalls;
import io.sdnest.inference.engine.pipeline.Execution;
import io.sdnest.inference.engine.pipeline.MergeableCall;
import io.sdnest.inference.engine.pipeline.UnetBatch;
import io.sdnest.inference.engine.pipeline.UnetModel;

/**
 * The one thread that makes every ONNX Runtime call on the device (issue 5, "one worker per device"). Requests hand it
 * their denoising jobs and the parts of their text-encoder and VAE calls and block until it is done with them.
 *
 * <p>Each iteration it first runs the queued encoder/VAE parts, merged into as few calls as their models, shapes and
 * row limits allow ({@link MergedCalls}), then gathers the pending evaluation of every job of
 * every registered request, groups them per UNet (never mixing models) with {@link UnetBatch#plan} (same latent size,
 * and the same timestep when the UNet takes one per call) and runs every group once, starting from a rotating group
 * so no group is always first; queued parts also run between groups. Every job thus advances by one evaluation per
 * iteration, whatever its group. Requests join and leave between iterations. A job only ever reads its own rows of a
 * call's output, so batching changes nothing in its result as long as the UNet computes rows independently.
 */
public final class DeviceWorker implements AutoCloseable {

  /** Rows per UNet call at 64×64 latents (fewer above, {@link UnetBatch#rowsAt}) and per text-encoder call. */
  private volatile int maxRows;
  private volatile RowBuckets buckets;
  private final WorkerMetrics metrics;
  private final Thread thread;
  private final MergedCalls calls;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  /** Requests registered since the last iteration; guarded by {@link #lock}. */
  private final List<Member> joining = new ArrayList<>();
  /** Only touched by the worker thread. */
  private final List<Member> members = new ArrayList<>();
  private final Map<UnetModel, UnetBatch> batches = new IdentityHashMap<>();
  private volatile boolean closed;
  private volatile long lastActivityNanos = System.nanoTime();
  private long rotation;

  /**
   * @param maxRows    most rows in one UNet call at 64×64 latents (512×512 images; proportionally fewer at larger
   *                   sizes, {@link UnetBatch#plan}), and in one text-encoder call
   * @param maxVaeRows most images in one VAE decoder or encoder call
   * @param buckets    row counts UNet calls are padded up to (so ONNX Runtime sees few shapes); {@link RowBuckets#NONE}
   *                   pads nothing
   */
  public DeviceWorker(int maxRows, int maxVaeRows, RowBuckets buckets, WorkerMetrics metrics) {
    if (maxRows < 1 || maxVaeRows < 1) {
      throw new IllegalArgumentException("max rows must be at least 1, got " + maxRows + " and " + maxVaeRows);
    }
    this.maxRows = maxRows;
    this.buckets = buckets;
    this.metrics = metrics;
    this.calls = new MergedCalls(kind -> kind == MergeableCall.Kind.TEXT_ENCODER ? this.maxRows : maxVaeRows, metrics);
    this.thread = new Thread(this::loop, "sdnest-device");
    thread.setDaemon(true);
    thread.start();
  }

  /** How a generation on the pipeline with {@code unet} reaches this worker. */
  public Execution execution(UnetModel unet) {
    return new Execution(new WorkerDenoiser(unet), new DeviceCalls() {
      @Override
      public <P, R> List<R> run(MergeableCall<P, R> call, List<P> parts) {
        return DeviceWorker.this.run(call, parts);
      }
    });
  }

  public int maxRows() {
    return maxRows;
  }

  /** Changes the row limit and buckets; calls planned from the next iteration on follow them. */
  public void resize(int maxRows, RowBuckets buckets) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("max rows must be at least 1, got " + maxRows);
    }
    this.maxRows = maxRows;
    this.buckets = buckets;
  }

  /** When the worker last ran anything. */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  /**
   * Runs {@code parts} on the worker thread, each possibly merged with parts of other requests (at once and one by one
   * when called from the worker thread), and returns their results in order; if any failed, throws the first failure
   * once all are done.
   */
  <P, R> List<R> run(MergeableCall<P, R> call, List<P> parts) {
    if (Thread.currentThread() == thread) {
      return DeviceCalls.DIRECT.run(call, parts);
    }
    List<CompletableFuture<R>> results;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the device worker is stopped");
      }
      results = calls.add(call, parts);
      work.signal();
    } finally {
      lock.unlock();
    }
    awaitQuietly(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)));
    List<R> out = new ArrayList<>(parts.size());
    for (CompletableFuture<R> result : results) {
      out.add(await(result));
    }
    return out;
  }

  /** Submissions of text-encoder/VAE parts waiting for the worker; for tests. */
  int queuedSubmissions() {
    return calls.size();
  }

  /** Denoises {@code jobs} merged with whatever else runs; blocks until they are done or {@code cancel} stopped them. */
  boolean denoise(UnetModel unet, List<DenoiseJob> jobs, Denoiser.StepObserver observer, CancellationToken cancel) {
    Member member = new Member(unet, List.copyOf(jobs), observer, cancel);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the device worker is stopped");
      }
      joining.add(member);
      work.signal();
    } finally {
      lock.unlock();
    }
    return await(member.finished);
  }

  private static <T> T await(CompletableFuture<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          // the device call cannot be abandoned half-way: wait for it even when interrupted
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new CompletionException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitQuietly(CompletableFuture<?> future) {
    try {
      await(future);
    } catch (RuntimeException | Error e) {
      // each part's own failure is reported by its own future
    }
  }

  private void loop() {
    while (!closed) {
      try {
        runTasks();
        admit();
        Map<Member, List<DenoiseJob>> pending = retireFinished();
        if (pending.isEmpty()) {
          idle();
          continue;
        }
        iterate(pending);
        reportAndRetire();
      } catch (RuntimeException | Error e) {
        // a bug in the loop must not kill the device thread: fail everyone in flight and go on
        Log.errorf(e, "Device worker iteration failed");
        for (Member m : members) {
          m.finished.completeExceptionally(e);
        }
        members.clear();
      }
    }
    IllegalStateException stopped = new IllegalStateException("the device worker is stopped");
    admit();
    members.forEach(m -> m.finished.completeExceptionally(stopped));
    lock.lock();
    try {
      calls.failQueued(stopped);
    } finally {
      lock.unlock();
    }
  }

  private void runTasks() {
    if (calls.runQueued()) {
      lastActivityNanos = System.nanoTime();
    }
  }

  private void admit() {
    lock.lock();
    try {
      members.addAll(joining);
      joining.clear();
    } finally {
      lock.unlock();
    }
  }

  private void idle() {
    lock.lock();
    try {
      if (joining.isEmpty() && calls.isEmpty() && !closed) {
        if (members.isEmpty()) {
          batches.clear();
        }
        work.await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Retires members with nothing left to do (done, or stopped at a boundary) and returns the pending jobs of the
   * others. This one snapshot drives the whole iteration: an interrupt that lands after it takes effect at the next one.
   */
  private Map<Member, List<DenoiseJob>> retireFinished() {
    Map<Member, List<DenoiseJob>> pending = new IdentityHashMap<>();
    for (var it = members.iterator(); it.hasNext(); ) {
      Member m = it.next();
      List<DenoiseJob> jobs = m.pending();
      if (jobs.isEmpty()) {
        it.remove();
        m.finished.complete(m.jobs.stream().allMatch(DenoiseJob::isDone));
      } else {
        pending.put(m, jobs);
      }
    }
    return pending;
  }

  private void iterate(Map<Member, List<DenoiseJob>> pending) {
    Map<DenoiseJob, Member> owner = new IdentityHashMap<>();
    Map<UnetModel, List<DenoiseJob>> byModel = new IdentityHashMap<>();
    for (Member m : members) {
      for (DenoiseJob job : pending.getOrDefault(m, List.of())) {
        owner.put(job, m);
        byModel.computeIfAbsent(m.unet, u -> new ArrayList<>()).add(job);
      }
    }
    List<Group> groups = new ArrayList<>();
    int limit = maxRows;
    byModel.forEach((unet, jobs) -> {
      for (List<DenoiseJob> g : UnetBatch.plan(jobs, unet.perRowTimesteps(), limit)) {
        groups.add(new Group(unet, g));
      }
    });
    int start = (int) (rotation++ % groups.size());
    for (int i = 0; i < groups.size(); i++) {
      if (i > 0) {
        runTasks();
      }
      Group g = groups.get((start + i) % groups.size());
      // a member failed by an earlier group of this iteration has left: its other jobs do not run
      List<DenoiseJob> live = g.jobs.stream().filter(job -> members.contains(owner.get(job))).toList();
      if (!live.isEmpty()) {
        run(new Group(g.unet, live), owner, limit);
      }
    }
  }

  private void run(Group g, Map<DenoiseJob, Member> owner, int limit) {
    UnetBatch batch = batches.computeIfAbsent(g.unet, unet -> new UnetBatch(metrics.timed(unet)));
    int rows = g.jobs.stream().mapToInt(DenoiseJob::rows).sum();
    BatchKey key = g.jobs.get(0).key();
    try {
      batch.run(g.jobs, buckets.padded(rows, UnetBatch.rowsAt(limit, key.height(), key.width())));
    } catch (RuntimeException e) {
      // a failing call fails the requests in it, not the worker
      for (DenoiseJob job : g.jobs) {
        Member m = owner.get(job);
        if (members.remove(m)) {
          m.finished.completeExceptionally(e);
        }
      }
      return;
    } finally {
      lastActivityNanos = System.nanoTime();
    }
    metrics.unetRows.record(rows);
  }

  private void reportAndRetire() {
    long now = System.nanoTime();
    for (Member m : members) {
      int step = m.jobs.stream().mapToInt(DenoiseJob::step).min().orElse(m.total);
      if (step > m.reported) {
        metrics.step.record((now - m.lastStepNanos) / Math.max(1, step - m.reported), TimeUnit.NANOSECONDS);
        m.lastStepNanos = now;
        m.reported = step;
        try {
          m.observer.onStep(step, m.total);
        } catch (RuntimeException e) {
          Log.warnf(e, "A progress observer failed");
        }
      }
    }
  }

  /** Stops the worker after the current iteration; requests still in it fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Group(UnetModel unet, List<DenoiseJob> jobs) {
  }

  /** One request's jobs of one denoising pass. */
  private static final class Member {
    final UnetModel unet;
    final List<DenoiseJob> jobs;
    final Denoiser.StepObserver observer;
    final CancellationToken cancel;
    final int total;
    final CompletableFuture<Boolean> finished = new CompletableFuture<>();
    int reported;
    long lastStepNanos = System.nanoTime();

    Member(UnetModel unet, List<DenoiseJob> jobs, Denoiser.StepObserver observer, CancellationToken cancel) {
      this.unet = unet;
      this.jobs = jobs;
      this.observer = observer;
      this.cancel = cancel;
      this.total = jobs.stream().mapToInt(DenoiseJob::totalSteps).max().orElse(0);
    }

    /** Jobs with an evaluation to run: not done, and not at a step boundary once cancelled. */
    List<DenoiseJob> pending() {
      boolean stopping = cancel.stopsBatch();
      List<DenoiseJob> out = new ArrayList<>(jobs.size());
      for (DenoiseJob job : jobs) {
        if (!job.isDone() && !(stopping && job.atStepBoundary())) {
          out.add(job);
        }
      }
      return out;
    }
  }

  /** The pipeline's denoiser when it runs on this worker. */
  private final class WorkerDenoiser implements Denoiser {
    private final UnetModel unet;

    WorkerDenoiser(UnetModel unet) {
      this.unet = unet;
    }

    @Override
    public boolean run(List<DenoiseJob> jobs, StepObserver observer, CancellationToken cancel) {
      return denoise(unet, jobs, observer, cancel);
    }
  }
}
