package io.sdnest.gateway.stub;

import java.io.InputStream;
import java.security.MessageDigest;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A deterministic byte pattern of a given size, produced on demand (never held in memory), as a Vert.x stream
 * honouring back-pressure and as an {@link InputStream}; {@link #sha256(long)} gives the digest to expect.
 */
public final class PatternStream implements ReadStream<Buffer> {

  static final int CHUNK = 64 * 1024;

  private final Vertx vertx;
  private final long size;
  private long sent;
  private boolean paused;
  private long demand = Long.MAX_VALUE;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private boolean scheduled;

  public PatternStream(Vertx vertx, long size) {
    this.vertx = vertx;
    this.size = size;
  }

  static byte at(long position) {
    return (byte) ((position * 31 + (position >>> 13)) & 0xff);
  }

  static void fill(byte[] chunk, long offset, int length) {
    for (int i = 0; i < length; i++) {
      chunk[i] = at(offset + i);
    }
  }

  public static String sha256(long size) {
    MessageDigest sha = StubService.sha256();
    byte[] chunk = new byte[CHUNK];
    for (long offset = 0; offset < size; offset += CHUNK) {
      int n = (int) Math.min(CHUNK, size - offset);
      fill(chunk, offset, n);
      sha.update(chunk, 0, n);
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  public static InputStream inputStream(long size) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return position < size ? at(position++) & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
          b[off + i] = at(position + i);
        }
        position += n;
        return n;
      }
    };
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    paused = false;
    demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void schedule() {
    if (!scheduled && handler != null) {
      scheduled = true;
      vertx.runOnContext(v -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    int burst = 16;
    while (!paused && demand > 0 && sent < size && burst-- > 0) {
      int n = (int) Math.min(CHUNK, size - sent);
      byte[] chunk = new byte[n];
      fill(chunk, sent, n);
      sent += n;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(Buffer.buffer(chunk));
    }
    if (sent >= size) {
      if (endHandler != null) {
        Handler<Void> end = endHandler;
        endHandler = null;
        end.handle(null);
      }
    } else if (!paused && demand > 0) {
      schedule();
    }
  }
}
