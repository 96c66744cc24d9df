package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;

import io.quarkus.logging.Log;

/**
 * Appends the received bytes to a {@code .part} file from a start position, one writer thread at a time.
 *
 * <p>Where the file system allows it, the bytes go to the disk with O_DIRECT in aligned 8 MiB blocks: writing a
 * multi-GB file through the page cache cost the writer thread 0.7-3.6 CPU seconds per 2 GiB on the bench machine
 * (page allocation and reclaim, the copy, and the writeback later), against 0.2-0.7 s this way. The price: the
 * finished model is not in the page cache, so its first load reads the disk. Bytes before the first aligned position
 * (a resume) and after the last whole block are written through the page cache. Elsewhere (tmpfs, some network file systems) every write goes through the page
 * cache, in 64 KiB slices.
 */
final class PartFileWriter implements AutoCloseable {

  /**
   * Bytes per write(2) through the page cache. Measured on Linux 6.18 / ext4 (bench/RESULTS.md): 1 MiB writes into
   * the page cache took 2-5x longer than 16-64 KiB writes of the same data (dd showed the same).
   */
  static final int WRITE_SLICE = 64 << 10;

  /**
   * Bytes per O_DIRECT write. Each write waits for the disk, so larger ones keep it busier: on the bench machine,
   * 2 GiB alone took 3.9 s in 512 KiB writes and 2.6 s in 2 MiB ones; beside a transfer, 4.3-5.1 s in 2 MiB writes
   * and 2.8-4.2 s in 8 MiB ones. Direct memory, one block per running download.
   */
  static final int DIRECT_BLOCK = 8 << 20;

  private final FileChannel cached;
  private FileChannel direct;
  private final ByteBuffer block;
  private final int alignment;
  private long position;
  private long headLeft;

  PartFileWriter(FileChannel cached, FileChannel direct, ByteBuffer block, long start, int alignment) {
    this.cached = cached;
    this.direct = direct;
    this.block = block;
    this.alignment = alignment;
    this.position = start;
    this.headLeft = direct == null ? 0 : Math.floorMod(-start, alignment);
  }

  /** Writes into {@code part} from {@code start} through {@code cached}, and around the page cache when it can. */
  static PartFileWriter open(Path part, FileChannel cached, long start) {
    try {
      long alignment = Files.getFileStore(part).getBlockSize();
      if (alignment > 0 && alignment <= DIRECT_BLOCK && DIRECT_BLOCK % alignment == 0) {
        ByteBuffer block = ByteBuffer.allocateDirect(DIRECT_BLOCK + (int) alignment).alignedSlice((int) alignment);
        FileChannel direct = FileChannel.open(part, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        return new PartFileWriter(cached, direct, block.limit(DIRECT_BLOCK), start, (int) alignment);
      }
    } catch (IOException | UnsupportedOperationException | OutOfMemoryError e) {
      // OutOfMemoryError: the direct memory limit (by default -Xmx) is reached by other running downloads
      Log.debugf("No O_DIRECT writes to %s (%s); writing through the page cache", part, e.getMessage());
    }
    return new PartFileWriter(cached, null, null, start, 1);
  }

  /**
   * Appends {@code n} bytes of {@code buf}; returns how many bytes reached the file. Under O_DIRECT, bytes wait for a
   * whole block unless {@code caughtUp} (no more data queued behind these), so a slow transfer still reaches the
   * file, and shows progress, chunk by chunk.
   */
  long write(byte[] buf, int n, boolean caughtUp) throws IOException {
    long before = position;
    if (direct == null) {
      writeCached(buf, 0, n);
      return position - before;
    }
    int off = (int) Math.min(headLeft, n);
    writeCached(buf, 0, off);
    headLeft -= off;
    while (off < n) {
      if (direct == null) {
        writeCached(buf, off, n);
        return position - before;
      }
      int k = Math.min(block.remaining(), n - off);
      block.put(buf, off, k);
      off += k;
      if (!block.hasRemaining()) {
        writeWholeUnits();
      }
    }
    if (caughtUp) {
      writeWholeUnits();
    }
    return position - before;
  }

  /** Writes the bytes still held back (less than one block); returns how many. */
  long writeRest() throws IOException {
    if (direct == null) {
      return 0;
    }
    long before = position;
    writeWholeUnits();
    byte[] tail = new byte[block.position()];
    block.flip().get(tail);
    block.clear().limit(DIRECT_BLOCK);
    writeCached(tail, 0, tail.length);
    return position - before;
  }

  /** Writes the held bytes that fill whole alignment units; the rest (less than one unit) moves to the block's start. */
  private void writeWholeUnits() throws IOException {
    int held = block.position();
    int whole = held - held % alignment;
    if (whole == 0) {
      return;
    }
    block.flip().limit(whole);
    try {
      while (block.hasRemaining()) {
        position += direct.write(block, position);
      }
    } catch (IOException e) {
      fallBackToPageCache(held, e);
      return;
    }
    block.limit(held);
    block.compact().limit(DIRECT_BLOCK);
  }

  /**
   * Some file systems accept O_DIRECT at open and refuse it at write (EINVAL): the bytes not yet written and every
   * later write go through the page cache.
   */
  private void fallBackToPageCache(int held, IOException cause) throws IOException {
    Log.warnf("O_DIRECT write failed (%s); writing through the page cache from byte %d", cause, position);
    block.limit(held);
    byte[] rest = new byte[block.remaining()];
    block.get(rest);
    block.clear().limit(DIRECT_BLOCK);
    try (FileChannel ignored = direct) {
      direct = null;
    }
    writeCached(rest, 0, rest.length);
  }

  private void writeCached(byte[] buf, int from, int to) throws IOException {
    for (int off = from; off < to; off += WRITE_SLICE) {
      ByteBuffer slice = ByteBuffer.wrap(buf, off, Math.min(WRITE_SLICE, to - off));
      while (slice.hasRemaining()) {
        position += cached.write(slice, position);
      }
    }
  }

  /** Makes everything written durable, data and size. */
  void force() throws IOException {
    cached.force(true);
  }

  /** Flushes the data written so far towards the disk, while writes go on. */
  void forceData() throws IOException {
    cached.force(false);
  }

  @Override
  public void close() throws IOException {
    try (FileChannel a = cached; FileChannel b = direct) {
      // closes both
    }
  }
}
