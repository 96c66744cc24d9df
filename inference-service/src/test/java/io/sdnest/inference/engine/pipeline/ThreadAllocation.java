package io.sdnest.inference.engine.pipeline;

import java.lang.management.ManagementFactory;

/** Bytes the calling thread allocates on the heap, from HotSpot's per-thread counter. */
final class ThreadAllocation {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadAllocation() {
  }

  /** Runs {@code call} {@code warmUp} times, then returns the mean bytes allocated per call over {@code measured}. */
  static double perCall(int warmUp, int measured, Runnable call) {
    if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
      throw new IllegalStateException("this JVM does not count allocated bytes per thread");
    }
    for (int i = 0; i < warmUp; i++) {
      call.run();
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < measured; i++) {
      call.run();
    }
    return (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / measured;
  }
}
