package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.InterruptedIOException;
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
 * receiving thread goes on reading the socket. Every stage touches each byte (socket to heap, heap to the disk,
 * SHA-256), so splitting them keeps the receiving thread as light as {@code curl}'s. Buffers circulate; one is free
 * again once it has been both written and hashed. Every {@link #FLUSH_EVERY} bytes, an fdatasync runs beside the
 * writes.
 */
final class ChunkPipeline implements AutoCloseable {

  /**
   * Bytes written between two background fdatasyncs. Without them, the final fsync paid for everything the disk
   * (page cache, or its own cache under O_DIRECT) still held: 1.3-2.1 s per 2 GiB through the page cache, 0.3-0.9 s
   * with O_DIRECT (bench/RESULTS.md); flushing while the transfer goes on leaves it about 0.1 s.
   */
  static final long FLUSH_EVERY = 64L << 20;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService STAGES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sdnest-pipeline-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final PartFileWriter out;
  private final MessageDigest digest;
  private final LongConsumer onWritten;
  private final ArrayBlockingQueue<byte[]> free;
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
  private CompletableFuture<Void> hashes = CompletableFuture.completedFuture(null);
  private volatile CompletableFuture<Void> flush = CompletableFuture.completedFuture(null);
  private long unflushed;
  private final AtomicInteger queuedWrites = new AtomicInteger();
  private volatile IOException writeError;
  final StageTime writing = new StageTime();
  final StageTime hashing = new StageTime();
  final StageTime flushing = new StageTime();

  /** {@code onWritten} hears how many bytes reached the file, after each chunk's write. */
  ChunkPipeline(PartFileWriter out, MessageDigest digest, int buffers, int bufferSize, LongConsumer onWritten) {
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
    queuedWrites.incrementAndGet();
    writes = writes.thenRunAsync(() -> {
      try {
        boolean caughtUp = queuedWrites.decrementAndGet() == 0;
        if (writeError == null) {
          long[] t = StageTime.now();
          long written = out.write(buf, n, caughtUp);
          writing.since(t);
          onWritten.accept(written);
          unflushed += written;
          if (unflushed >= FLUSH_EVERY && flush.isDone()) {
            unflushed = 0;
            flush = CompletableFuture.runAsync(this::flushInBackground, STAGES);
          }
        }
      } catch (IOException e) {
        writeError = e;
      } finally {
        stageDone.run();
      }
    }, STAGES);
    hashes = hashes.thenRunAsync(() -> {
      try {
        long[] t = StageTime.now();
        digest.update(buf, 0, n);
        hashing.since(t);
      } finally {
        stageDone.run();
      }
    }, STAGES);
  }

  private void flushInBackground() {
    try {
      long[] t = StageTime.now();
      out.forceData();
      flushing.since(t);
    } catch (IOException e) {
      writeError = e;
    }
  }

  /** Gives back a buffer from {@link #take()} that is not submitted. */
  void release(byte[] buf) {
    free.add(buf);
  }

  /** Waits for every submitted chunk, makes the file durable and returns the sha256 of all bytes hashed. */
  String finish() throws IOException {
    drain();
    failIfWriteFailed();
    out.force();
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

  /** Waits for the stages, then writes the bytes the file writer still holds, unless a write failed before them. */
  private void drain() throws IOException {
    try {
      CompletableFuture.allOf(writes, hashes).get();
      flush.get();
      if (writeError == null) {
        onWritten.accept(out.writeRest());
      }
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
