package io.sdnest.inference.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToIntFunction;

import io.quarkus.logging.Log;
import io.sdnest.inference.engine.pipeline.MergeableCall;

/**
 * The text-encoder and VAE parts waiting for the device worker, and how they run: in arrival order, parts of one kind
 * with equal keys (same session, same shape after the row axis) are packed into calls of at most the kind's row limit
 * (a part larger than the limit runs alone), each call runs once and every part gets its own rows back. A failing call
 * fails only the parts in it.
 */
final class MergedCalls {

  /** One element per submission, so the worker always sees all parts of a submission in the same round. */
  private final ConcurrentLinkedQueue<List<? extends Part<?, ?>>> queue = new ConcurrentLinkedQueue<>();
  private final ToIntFunction<MergeableCall.Kind> rowLimit;
  private final WorkerMetrics metrics;

  MergedCalls(ToIntFunction<MergeableCall.Kind> rowLimit, WorkerMetrics metrics) {
    this.rowLimit = rowLimit;
    this.metrics = metrics;
  }

  /** Queues {@code parts}; each future completes once the worker ran its part. */
  <P, R> List<CompletableFuture<R>> add(MergeableCall<P, R> call, List<P> parts) {
    List<Part<P, R>> queued = new ArrayList<>(parts.size());
    for (P part : parts) {
      queued.add(new Part<>(call, part, call.key(part), call.rows(part), new CompletableFuture<>()));
    }
    queue.add(queued);
    return queued.stream().map(Part::result).toList();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Submissions waiting. */
  int size() {
    return queue.size();
  }

  /** Runs every queued part (on the worker thread); returns whether there were any. */
  boolean runQueued() {
    Map<List<Object>, List<Part<?, ?>>> groups = new LinkedHashMap<>();
    List<? extends Part<?, ?>> submission;
    while ((submission = queue.poll()) != null) {
      for (Part<?, ?> part : submission) {
        groups.computeIfAbsent(List.of(part.call, part.key), k -> new ArrayList<>()).add(part);
      }
    }
    for (List<Part<?, ?>> group : groups.values()) {
      int limit = rowLimit.applyAsInt(group.get(0).call.kind());
      List<Part<?, ?>> call = new ArrayList<>();
      int rows = 0;
      for (Part<?, ?> p : group) {
        if (!call.isEmpty() && rows + p.rows > limit) {
          run(call, rows);
          call = new ArrayList<>();
          rows = 0;
        }
        call.add(p);
        rows += p.rows;
      }
      run(call, rows);
    }
    return !groups.isEmpty();
  }

  /** Fails every queued part with {@code e}. */
  void failQueued(RuntimeException e) {
    List<? extends Part<?, ?>> submission;
    while ((submission = queue.poll()) != null) {
      submission.forEach(part -> part.result().completeExceptionally(e));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <P, R> void run(List<Part<?, ?>> untyped, int rows) {
    List<Part<P, R>> parts = (List) untyped;
    MergeableCall<P, R> call = parts.get(0).call;
    long t = System.nanoTime();
    List<R> results;
    try {
      results = call.run(parts.stream().map(p -> p.part).toList());
      if (results.size() != parts.size()) {
        throw new IllegalStateException(call.kind() + " returned " + results.size() + " results for " + parts.size()
            + " parts");
      }
    } catch (RuntimeException | Error e) {
      // as with the UNet: a failing call (an ONNX Runtime error, out of memory) fails its parts, not the worker
      Log.warnf("A merged %s call of %d rows failed: %s", call.kind(), rows, e.toString());
      parts.forEach(p -> p.result.completeExceptionally(e));
      return;
    }
    metrics.recordCall(call.kind(), rows, System.nanoTime() - t);
    for (int i = 0; i < parts.size(); i++) {
      parts.get(i).result.complete(results.get(i));
    }
  }

  private record Part<P, R>(MergeableCall<P, R> call, P part, Object key, int rows, CompletableFuture<R> result) {
  }
}
