package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Writes received chunks to the {@code .part} file and hashes them on two other threads, each in order, while the
 * receiving thread goes on reading the socket. Every stage copies each byte (socket to heap, heap to the page
 * cache, SHA-256), so splitting them keeps the receiving thread as light as {@code curl}'s. Buffers circulate; one
 * is free again once it has been both written and hashed.
 */
final class ChunkPipeline implements AutoCloseable {

  /**
   * Bytes per write(2). Measured on Linux 6.18 / ext4 (bench/RESULTS.md): 1 MiB writes into the page cache took
   * 2-5x longer than 16-64 KiB writes of the same data (dd showed the same), so a chunk is written in slices.
   */
  static final int WRITE_SLICE = 64 << 10;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService STAGES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sdnest-pipeline-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final FileChannel out;
  private final MessageDigest digest;
  private final LongConsumer onWritten;
  private final ArrayBlockingQueue<byte[]> free;
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
  private CompletableFuture<Void> hashes = CompletableFuture.completedFuture(null);
  private volatile IOException writeError;
  volatile long writeNanos;
  volatile long hashNanos;

  /** {@code onWritten} hears how many bytes reached the file, after each chunk's write. */
  ChunkPipeline(FileChannel out, MessageDigest digest, int buffers, int bufferSize, LongConsumer onWritten) {
    this.out = out;
    this.digest = digest;
    this.onWritten = onWritten;
    this.free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[bufferSize]);
    }
  }

  /** A buffer to fill; waits while all of them are in flight. Throws when an earlier write failed. */
  byte[] take() throws IOException {
    failIfWriteFailed();
    try {
      byte[] buf = free.take();
      failIfWriteFailed();
      return buf;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Writes and hashes the first {@code n} bytes of a buffer from {@link #take()}, after everything submitted before. */
  void submit(byte[] buf, int n) {
    AtomicInteger stagesLeft = new AtomicInteger(2);
    Runnable stageDone = () -> {
      if (stagesLeft.decrementAndGet() == 0) {
        free.add(buf);
      }
    };
    writes = writes.thenRunAsync(() -> {
      try {
        if (writeError == null) {
          long t = System.nanoTime();
          for (int off = 0; off < n; off += WRITE_SLICE) {
            ByteBuffer slice = ByteBuffer.wrap(buf, off, Math.min(WRITE_SLICE, n - off));
            while (slice.hasRemaining()) {
              out.write(slice);
            }
          }
          writeNanos += System.nanoTime() - t;
          onWritten.accept(n);
        }
      } catch (IOException e) {
        writeError = e;
      } finally {
        stageDone.run();
      }
    }, STAGES);
    hashes = hashes.thenRunAsync(() -> {
      try {
        long t = System.nanoTime();
        digest.update(buf, 0, n);
        hashNanos += System.nanoTime() - t;
      } finally {
        stageDone.run();
      }
    }, STAGES);
  }

  /** Gives back a buffer from {@link #take()} that is not submitted. */
  void release(byte[] buf) {
    free.add(buf);
  }

  /** Waits for every submitted chunk, makes the file durable and returns the sha256 of all bytes hashed. */
  String finish() throws IOException {
    drain();
    failIfWriteFailed();
    out.force(true);
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Waits until every submitted chunk is written (so a resume starts after it), then closes the file. */
  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void drain() throws InterruptedIOException {
    try {
      CompletableFuture.allOf(writes, hashes).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void failIfWriteFailed() throws IOException {
    IOException e = writeError;
    if (e != null) {
      throw new IOException("Cannot write the partial file: " + e.getMessage(), e);
    }
  }
}
