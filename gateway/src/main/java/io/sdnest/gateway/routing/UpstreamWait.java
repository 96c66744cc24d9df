package io.sdnest.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import jakarta.inject.Singleton;

import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Lets a request wait, bounded in time and in number ({@code sdnest.gateway.upstreams.wait-for-ready},
 * {@code max-waiting}), for a replica when none is up — inference scaled to zero and starting. The request stays
 * paused meanwhile (no thread, no buffered body); only its connection is held.
 */
@Singleton
public class UpstreamWait {

  /** How often a waiting request looks again (DNS discovery and readiness probes add replicas on their own schedule). */
  static final long POLL_MILLIS = 250;

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final Duration maxWait;
  private final int maxWaiting;

  public UpstreamWait(GatewayConfig config, GatewayMetrics metrics, Vertx vertx) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.maxWait = config.upstreams().waitForReady();
    this.maxWaiting = config.upstreams().maxWaiting();
  }

  /**
   * The pool's candidates now, or once there are some; an empty list when the wait ran out or was not allowed, or
   * as soon as {@code abandoned} says the client left (so it holds no place among the waiting).
   */
  public Future<List<Upstream>> candidates(UpstreamPool pool, BooleanSupplier abandoned) {
    List<Upstream> now = pool.candidates();
    if (!now.isEmpty()) {
      return Future.succeededFuture(now);
    }
    metrics.noUpstream(pool);
    if (maxWait.isZero() || maxWait.isNegative() || !pool.startWaiting(maxWaiting)) {
      return Future.succeededFuture(now);
    }
    Promise<List<Upstream>> found = Promise.promise();
    poll(pool, System.nanoTime() + maxWait.toNanos(), abandoned, found);
    return found.future().onComplete(done -> pool.stopWaiting());
  }

  private void poll(UpstreamPool pool, long deadline, BooleanSupplier abandoned, Promise<List<Upstream>> found) {
    vertx.setTimer(POLL_MILLIS, id -> {
      List<Upstream> now = pool.candidates();
      if (!now.isEmpty() || abandoned.getAsBoolean() || System.nanoTime() - deadline >= 0) {
        found.complete(now);
      } else {
        poll(pool, deadline, abandoned, found);
      }
    });
  }
}
