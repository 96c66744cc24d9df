package io.sdnest.downloader.service;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Wall and CPU time one stage of a transfer spent, summed over its steps, for the per-download log line. CPU time
 * tells a stage that works from one that waits (on the disk, or for a CPU the other stages hold).
 */
final class StageTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private volatile long wallNanos;
  private volatile long cpuNanos;

  /** A reading to pass to {@link #since(long[])} when the step ends. */
  static long[] now() {
    return new long[] {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
  }

  /** Adds the time from {@code start} to now; called by one thread at a time, on the thread that did the step. */
  void since(long[] start) {
    wallNanos += System.nanoTime() - start[0];
    cpuNanos += THREADS.getCurrentThreadCpuTime() - start[1];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f s (CPU %.1f s)", wallNanos / 1e9, cpuNanos / 1e9);
  }
}
