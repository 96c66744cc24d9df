package io.sdnest.gateway.routing;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.quarkus.logging.Log;
import io.sdnest.common.security.TrustedHeaders;
import io.sdnest.gateway.limits.LimitedReadStream;
import io.sdnest.gateway.metrics.GatewayMetrics;
import io.sdnest.gateway.metrics.GatewayMetrics.Rejection;
import io.sdnest.gateway.security.AuthenticatedUser;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * One request on its way through vertx-http-proxy: picks the replica, rewrites the headers, and turns upstream
 * failures into A1111-shaped 503/502/504 answers. Bodies are piped with back-pressure by the proxy.
 * <p>
 * A client that goes away takes its upstream request with it, so an inference replica cancels the synchronous job:
 * once the request is sent, the proxy resets it when the client's response fails (closed or reset connection, while
 * pending or streaming); before that (waiting for a replica, connecting), this exchange stops it from being sent.
 */
final class ProxyExchange implements ProxyInterceptor {

  private static final String UPSTREAM_KNEW_ROUTE = "sdnest.upstream-knew-route";

  private final RoutingContext rc;
  private final UpstreamPool pool;
  private final Upstream pinned;
  private final AuthenticatedUser user;
  private final ProxySettings settings;
  private final long bodyLimit;
  private Upstream chosen;
  private LimitedReadStream limitedBody;
  private long sentAt;
  private boolean failed;
  private boolean clientGone;

  /** {@code pinned}: the one replica this request must go to (it holds the job), or null for any of the pool. */
  ProxyExchange(RoutingContext rc, UpstreamPool pool, Upstream pinned, AuthenticatedUser user, ProxySettings settings,
      long bodyLimit) {
    this.rc = rc;
    this.pool = pool;
    this.pinned = pinned;
    this.user = user;
    this.settings = settings;
    this.bodyLimit = bodyLimit;
  }

  /**
   * The origin request: the least busy replica that accepts a connection (waiting for one if none is up and the
   * configuration allows); a replica that refuses is ejected. A pinned replica is tried even while out of rotation:
   * a draining replica still finishes and serves its jobs.
   */
  Future<HttpClientRequest> open(ProxyContext context) {
    if (pinned != null) {
      return openNext(List.of(pinned).iterator());
    }
    return settings.upstreamWait().candidates(pool, () -> clientGone)
        .compose(candidates -> openNext(candidates.iterator()));
  }

  private Future<HttpClientRequest> openNext(Iterator<Upstream> candidates) {
    if (clientGone) {
      return Future.failedFuture(new ClientGoneException());
    }
    if (!candidates.hasNext()) {
      return Future.failedFuture(new NoUpstreamException());
    }
    Upstream upstream = candidates.next();
    RequestOptions options = new RequestOptions()
        .setServer(upstream.address())
        .setHost(upstream.url().getHost())
        .setPort(Upstream.port(upstream.url()))
        .setSsl(upstream.isSecure())
        // Upload routes get no response timeout: their bodies may take longer to send than any fixed limit.
        .setIdleTimeout(bodyLimit > settings.maxBodySize() ? 0 : settings.responseTimeout().toMillis());
    return settings.client().request(options).transform(opened -> {
      if (opened.failed()) {
        pool.eject(upstream, opened.cause());
        return openNext(candidates);
      }
      HttpClientRequest request = opened.result();
      if (clientGone) {
        // The client left while this connected: nothing is sent yet, so the reset just hands the connection back to
        // the pool, and no replica starts a job nobody will collect.
        request.reset();
        return Future.failedFuture(new ClientGoneException());
      }
      chosen = upstream;
      upstream.acquire();
      if (pool.tellsReplicaItsKey()) {
        request.putHeader(TrustedHeaders.REPLICA, upstream.key());
      }
      return Future.succeededFuture(request);
    });
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    ForwardingHeaders.apply(request.headers(), rc.request(), user, settings.internalToken());
    Body body = request.getBody();
    if (body != null && body.length() < 0 && rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      limitedBody = new LimitedReadStream(body.stream(), bodyLimit);
      request.setBody(Body.body(limitedBody, -1));
    }
    sentAt = System.nanoTime();
    return context.sendRequest().recover(error -> Future.succeededFuture(failed(context, error)));
  }

  static boolean upstreamKnewRoute(RoutingContext rc) {
    return Boolean.TRUE.equals(rc.get(UPSTREAM_KNEW_ROUTE));
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    if (!failed && context.response().getStatusCode() != 404) {
      rc.put(UPSTREAM_KNEW_ROUTE, Boolean.TRUE);
    }
    if (chosen != null && !failed) {
      settings.metrics().upstreamLatency(chosen, Duration.ofNanos(System.nanoTime() - sentAt));
    }
    return context.sendResponse();
  }

  /** Called once the client's response ended, or its connection closed first ({@code clientLeft}). */
  void finish(boolean clientLeft) {
    clientGone = clientLeft;
    if (chosen != null) {
      chosen.release();
    }
  }

  private ProxyResponse failed(ProxyContext context, Throwable error) {
    failed = true;
    if (error instanceof ClientGoneException || rc.response().closed()) {
      // Not an upstream failure (the proxy resets the upstream request when the client leaves), and nobody to
      // answer: no rejection to count, the request is counted with status 499.
      return context.request().release().response().setStatusCode(GatewayMetrics.CLIENT_CLOSED);
    }
    int status;
    Rejection reason;
    String type;
    String detail;
    if (limitedBody != null && limitedBody.exceeded()) {
      status = 413;
      reason = Rejection.BODY_TOO_LARGE;
      type = A1111Errors.HTTP_EXCEPTION;
      detail = "Request body too large: this route takes at most " + bodyLimit + " bytes";
    } else if (error instanceof NoUpstreamException) {
      status = 503;
      reason = Rejection.UPSTREAM_UNAVAILABLE;
      type = "ServiceUnavailable";
      detail = "No " + pool.kind() + " service is available; try again shortly";
    } else if (error instanceof TimeoutException) {
      status = 504;
      reason = Rejection.UPSTREAM_TIMEOUT;
      type = "GatewayTimeout";
      detail = "The " + pool.kind() + " service did not answer within " + settings.responseTimeout().toSeconds() + " s";
    } else {
      status = 502;
      reason = Rejection.UPSTREAM_FAILED;
      type = "BadGateway";
      detail = "The " + pool.kind() + " service closed the connection without a complete answer";
    }
    Log.debugf("%s %s -> %d (%s)", rc.request().method(), rc.normalizedPath(), status, error.toString());
    settings.metrics().rejected(reason);
    ProxyResponse response = context.request().release().response()
        .setStatusCode(status)
        .setBody(Body.body(A1111Errors.body(type, detail)));
    response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    if (status == 503) {
      response.headers().set(HttpHeaders.RETRY_AFTER, "5");
    }
    return response;
  }

  /** Every replica of the pool is ejected or refused the connection. */
  static final class NoUpstreamException extends RuntimeException {
    NoUpstreamException() {
      super("no upstream available", null, false, false);
    }
  }

  /** The client went away before its request was sent upstream. */
  static final class ClientGoneException extends RuntimeException {
    ClientGoneException() {
      super("client closed the connection", null, false, false);
    }
  }

  /** What every exchange shares. */
  record ProxySettings(HttpClient client, Duration responseTimeout, long maxBodySize, String internalToken,
      GatewayMetrics metrics, UpstreamWait upstreamWait) {
  }
}
