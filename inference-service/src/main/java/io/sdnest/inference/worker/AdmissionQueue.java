package io.sdnest.inference.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Which generations may run: at most {@code maxRunning} at once and {@code maxRunningPerUser} per user; the others
 * wait in a bounded queue and are admitted round-robin between users (the user admitted last goes to the back), so one
 * user's many requests cannot starve another's. A full queue refuses at once with a retry time estimated from the
 * measured time per request.
 */
public final class AdmissionQueue {

  /**
   * @param maxQueue          requests waiting, over all users
   * @param maxQueuedPerUser  requests one user may have waiting
   * @param maxRunning        requests running at once (1 = one at a time, as A1111)
   * @param maxRunningPerUser requests of one user running at once
   */
  public record Limits(int maxQueue, int maxQueuedPerUser, int maxRunning, int maxRunningPerUser) {
  }

  private static final Duration UNMEASURED_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofHours(1);
  /** Weight of the newest request in the mean run time. */
  private static final double EWMA = 0.2;

  private final Limits limits;
  /** Times runs, in nanoseconds. */
  private final LongSupplier clock;
  private final Map<String, Deque<Ticket>> waiting = new HashMap<>();
  /** Users with waiting tickets, in the order they get their next turn. */
  private final Deque<String> turns = new ArrayDeque<>();
  private final Map<String, Integer> runningByUser = new HashMap<>();
  private int queued;
  private int running;
  private double meanRunSeconds = Double.NaN;
  private boolean closed;

  public AdmissionQueue(Limits limits) {
    this(limits, System::nanoTime);
  }

  AdmissionQueue(Limits limits, LongSupplier clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** A request's place: wait for {@link #awaitAdmission}, then run, then {@link #release}. */
  public final class Ticket {
    private final String user;
    private final CompletableFuture<Void> admitted = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private long admittedNanos;
    private boolean done;

    private Ticket(String user) {
      this.user = user;
    }

    public String user() {
      return user;
    }

    public long createdNanos() {
      return createdNanos;
    }

    public boolean isAdmitted() {
      return admitted.isDone() && !admitted.isCancelled();
    }

    /** Blocks until the request may run; throws {@link CancellationException} if it was cancelled while waiting. */
    public void awaitAdmission() throws InterruptedException {
      try {
        admitted.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        release();
        throw e;
      }
    }

    /** Frees the ticket's place: its running slot, or its place in the queue if it was still waiting. */
    public void release() {
      AdmissionQueue.this.release(this);
    }
  }

  /** Queues a request of {@code user} ("" for anonymous callers, who count as one user). */
  public synchronized Ticket enqueue(String user) {
    if (closed) {
      throw new Rejection(Rejection.Reason.SHUTTING_DOWN, "The service is shutting down; retry on another replica",
          retryAfter());
    }
    Deque<Ticket> mine = waiting.get(user);
    boolean mustWait = running >= limits.maxRunning() || runningByUser.getOrDefault(user, 0) >= limits.maxRunningPerUser();
    if (mustWait && queued >= limits.maxQueue()) {
      throw new Rejection(Rejection.Reason.QUEUE_FULL, "The queue is full (" + queued + " requests waiting); retry later",
          retryAfter());
    }
    if (mustWait && mine != null && mine.size() >= limits.maxQueuedPerUser()) {
      throw new Rejection(Rejection.Reason.USER_LIMIT, "You already have " + mine.size()
          + " requests waiting, the most one user may queue; retry later", retryAfter());
    }
    Ticket t = new Ticket(user);
    waiting.computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(t);
    if (!turns.contains(user)) {
      turns.addLast(user);
    }
    queued++;
    admitWhatFits();
    return t;
  }

  /** Stops admitting new requests (shutdown); those already queued or running go on. */
  public synchronized void close() {
    closed = true;
  }

  /** Waits until nothing runs or waits, at most {@code timeout}; returns whether it got idle. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running + queued > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  public synchronized int queued() {
    return queued;
  }

  public synchronized int running() {
    return running;
  }

  public synchronized int running(String user) {
    return runningByUser.getOrDefault(user, 0);
  }

  /** When a refused client should try again: the queue ahead of it drained at the measured pace. */
  public synchronized Duration retryAfter() {
    if (Double.isNaN(meanRunSeconds)) {
      return UNMEASURED_RETRY;
    }
    double seconds = meanRunSeconds * (queued + 1) / limits.maxRunning();
    return Duration.ofSeconds(Math.max(1, Math.min(MAX_RETRY.toSeconds(), (long) Math.ceil(seconds))));
  }

  private synchronized void release(Ticket t) {
    if (t.done) {
      return;
    }
    t.done = true;
    if (t.isAdmitted()) {
      running--;
      runningByUser.merge(t.user, -1, Integer::sum);
      runningByUser.remove(t.user, 0);
      double seconds = (clock.getAsLong() - t.admittedNanos) / 1e9;
      meanRunSeconds = Double.isNaN(meanRunSeconds) ? seconds : (1 - EWMA) * meanRunSeconds + EWMA * seconds;
    } else {
      Deque<Ticket> mine = waiting.get(t.user);
      if (mine != null && mine.remove(t)) {
        queued--;
        if (mine.isEmpty()) {
          waiting.remove(t.user);
          turns.remove(t.user);
        }
      }
      t.admitted.cancel(false);
    }
    admitWhatFits();
    notifyAll();
  }

  private void admitWhatFits() {
    while (running < limits.maxRunning()) {
      Ticket next = nextInTurn();
      if (next == null) {
        return;
      }
      queued--;
      running++;
      runningByUser.merge(next.user, 1, Integer::sum);
      next.admittedNanos = clock.getAsLong();
      next.admitted.complete(null);
    }
  }

  /** The head ticket of the first user in turn who is under the per-user cap; that user goes to the back. */
  private Ticket nextInTurn() {
    for (int i = 0, n = turns.size(); i < n; i++) {
      String user = turns.pollFirst();
      Deque<Ticket> mine = waiting.get(user);
      if (runningByUser.getOrDefault(user, 0) < limits.maxRunningPerUser()) {
        Ticket t = mine.pollFirst();
        if (mine.isEmpty()) {
          waiting.remove(user);
        } else {
          turns.addLast(user);
        }
        return t;
      }
      turns.addLast(user);
    }
    return null;
  }
}
