package io.sdnest.gateway.limits;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Passes a request body through and fails it once more than {@code limit} bytes went by: the check for bodies
 * sent without a Content-Length (chunked).
 */
public final class LimitedReadStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final long limit;
  private long seen;
  private boolean exceeded;
  private Handler<Throwable> exceptionHandler;

  public LimitedReadStream(ReadStream<Buffer> source, long limit) {
    this.source = source;
    this.limit = limit;
  }

  public boolean exceeded() {
    return exceeded;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(chunk -> {
      if (exceeded) {
        return;
      }
      seen += chunk.length();
      if (seen > limit) {
        exceeded = true;
        source.handler(null);
        if (exceptionHandler != null) {
          exceptionHandler.handle(new BodyTooLargeException(limit));
        }
        return;
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler);
    return this;
  }

  /** The body grew past its limit. */
  public static final class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(long limit) {
      super("Request body larger than " + limit + " bytes", null, false, false);
    }
  }
}
