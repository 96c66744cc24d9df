package io.sdnest.downloader.service;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SHA-256 on a second thread, so hashing overlaps with receiving and writing instead of adding to them. Buffers
 * circulate between the transfer and the hasher; chunks are hashed in order.
 */
final class PipelinedDigest implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sdnest-hash-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final MessageDigest digest;
  private final ArrayBlockingQueue<byte[]> free;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  PipelinedDigest(MessageDigest digest, int buffers, int bufferSize) {
    this.digest = digest;
    this.free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[bufferSize]);
    }
  }

  /** A buffer to fill; waits while all of them are being hashed. */
  byte[] take() throws InterruptedIOException {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Hashes the first {@code n} bytes of a buffer from {@link #take()}, after everything submitted before. */
  void submit(byte[] buf, int n) {
    tail = tail.thenRunAsync(() -> {
      digest.update(buf, 0, n);
      free.add(buf);
    }, HASHERS);
  }

  /** Gives a buffer back unhashed. */
  void release(byte[] buf) {
    tail = tail.thenRun(() -> free.add(buf));
  }

  String finish() throws InterruptedIOException {
    await();
    return HexFormat.of().formatHex(digest.digest());
  }

  private void await() throws InterruptedIOException {
    try {
      tail.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() throws InterruptedIOException {
    await();
  }
}
