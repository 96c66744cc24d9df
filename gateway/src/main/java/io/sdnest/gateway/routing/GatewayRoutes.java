package io.sdnest.gateway.routing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.sdnest.common.config.SdnestConfig;
import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.limits.BodySizeLimits;
import io.sdnest.gateway.limits.GenerationSlots;
import io.sdnest.gateway.metrics.GatewayMetrics;
import io.sdnest.gateway.metrics.GatewayMetrics.Rejection;
import io.sdnest.gateway.routing.ProxyExchange.ProxySettings;
import io.sdnest.gateway.security.Access;
import io.sdnest.gateway.security.AccessRules;
import io.sdnest.gateway.security.AuthOutcome;
import io.sdnest.gateway.security.AuthenticatedUser;
import io.sdnest.gateway.security.BasicAuthenticator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

/**
 * The gateway's routes on Quarkus' own Vert.x router: authenticate, authorize, apply limits, then proxy
 * {@code /sdapi/v1/**} and {@code /sdnest/v1/**} to inference and {@code /downloader/v1/**} to the downloader.
 */
@Singleton
public class GatewayRoutes {

  private static final ProxyOptions PROXY_OPTIONS = new ProxyOptions().setSupportWebSocket(false);

  private final Upstreams upstreams;
  private final AccessRules accessRules;
  private final BasicAuthenticator authenticator;
  private final BodySizeLimits bodyLimits;
  private final GenerationSlots generationSlots;
  private final GatewayMetrics metrics;
  private final ProxySettings settings;
  private final String challenge;
  private final long retryAfterSeconds;

  public GatewayRoutes(Upstreams upstreams, BasicAuthenticator authenticator, BodySizeLimits bodyLimits,
      GenerationSlots generationSlots, GatewayMetrics metrics, UpstreamWait upstreamWait, GatewayConfig config,
      SdnestConfig sdnest,
      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.security.users.embedded.realm-name",
          defaultValue = "sdnest") String realm) {
    this.upstreams = upstreams;
    this.accessRules = AccessRules.from(config);
    this.authenticator = authenticator;
    this.bodyLimits = bodyLimits;
    this.generationSlots = generationSlots;
    this.metrics = metrics;
    this.settings = new ProxySettings(upstreams.client(), config.upstreams().responseTimeout(),
        config.limits().maxBodySize().asLongValue(),
        sdnest.internalToken().filter(t -> !t.isBlank()).orElse(null), metrics, upstreamWait);
    this.challenge = "Basic realm=\"" + realm + "\"";
    this.retryAfterSeconds = Math.max(1, config.limits().retryAfter().toSeconds());
  }

  void register(@Observes Router router) {
    router.route("/sdapi/v1/*").handler(rc -> handle(rc, upstreams.inference(), "/sdapi/v1"));
    router.route("/sdnest/v1/*").handler(rc -> handle(rc, upstreams.inference(), "/sdnest/v1"));
    router.route("/downloader/v1/*").handler(rc -> handle(rc, upstreams.downloader(), "/downloader/v1"));
  }

  private void handle(RoutingContext rc, UpstreamPool pool, String prefix) {
    HttpServerRequest request = rc.request();
    request.pause();
    long start = System.nanoTime();
    String method = request.method().name();
    String path = rc.normalizedPath();
    rc.addEndHandler(done -> metrics.request(RouteTemplate.of(prefix, path, ProxyExchange.upstreamKnewRoute(rc)), method,
        clientLeft(rc, done) ? GatewayMetrics.CLIENT_CLOSED : rc.response().getStatusCode(),
        Duration.ofNanos(System.nanoTime() - start)));
    if (!path.equals(request.path())) {
      reject(rc, 400, Rejection.BAD_PATH, "Request path must be normalized (no '.', '..' or encoded unreserved characters)");
      return;
    }
    Access access = accessRules.decide(method, path);
    if (access.isPublic()) {
      admitted(rc, pool, null);
      return;
    }
    authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), Vertx.currentContext())
        .onComplete(result -> {
          if (result.failed()) {
            Log.errorf(result.cause(), "Authentication failed unexpectedly");
            A1111Errors.send(rc.response(), 500, "ServerError", "Authentication is not available");
          } else if (result.result() instanceof AuthOutcome.Authenticated ok) {
            authorized(rc, pool, access, ok.user());
          } else if (result.result() instanceof AuthOutcome.Missing) {
            unauthorized(rc, Rejection.UNAUTHENTICATED, "Not authenticated");
          } else {
            unauthorized(rc, Rejection.BAD_CREDENTIALS, "Incorrect username or password");
          }
        });
  }

  private void authorized(RoutingContext rc, UpstreamPool pool, Access access, AuthenticatedUser user) {
    if (!access.allows(user.roles())) {
      reject(rc, 403, Rejection.FORBIDDEN, "Forbidden: this call needs the role " + String.join(" or ", access.anyOfRoles()));
      return;
    }
    admitted(rc, pool, user);
  }

  private void admitted(RoutingContext rc, UpstreamPool pool, AuthenticatedUser user) {
    HttpServerRequest request = rc.request();
    String method = request.method().name();
    String path = rc.normalizedPath();
    long limit = bodyLimits.limitFor(method, path);
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > limit) {
      reject(rc, 413, Rejection.BODY_TOO_LARGE, "Request body too large: this route takes at most " + limit + " bytes");
      return;
    }
    if (user != null && generationSlots.isGeneration(method, path)) {
      if (!generationSlots.tryAcquire(user.name())) {
        rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        reject(rc, 429, Rejection.TOO_MANY_GENERATIONS, "Too many generations running for this user (at most "
            + generationSlots.perUser() + " at once); retry later");
        return;
      }
      rc.addEndHandler(done -> generationSlots.release(user.name()));
    }
    if (length == null && request.version() == HttpVersion.HTTP_2 && !request.isEnded()) {
      // An HTTP/2 body without Content-Length: tell the proxy to send it on upstream (HTTP/1.1) as chunked.
      request.headers().set(HttpHeaders.TRANSFER_ENCODING, "chunked");
    }
    Upstream pinned = null;
    if (pool.tellsReplicaItsKey() && JobIds.isJobPath(path)) {
      Optional<Upstream> holder = JobIds.replicaKey(path).flatMap(pool::byKey);
      if (holder.isEmpty()) {
        reject(rc, 404, Rejection.UNKNOWN_JOB, "NotFound", "Job not found");
        return;
      }
      pinned = holder.get();
    }
    ProxyExchange exchange = new ProxyExchange(rc, pool, pinned, user, settings, limit);
    rc.addEndHandler(done -> exchange.finish(clientLeft(rc, done)));
    HttpProxy.reverseProxy(PROXY_OPTIONS, settings.client())
        .origin(exchange::open)
        .addInterceptor(exchange)
        .handle(request);
  }

  private void unauthorized(RoutingContext rc, Rejection reason, String detail) {
    rc.response().putHeader("WWW-Authenticate", challenge);
    reject(rc, 401, reason, detail);
  }

  private void reject(RoutingContext rc, int status, Rejection reason, String detail) {
    reject(rc, status, reason, A1111Errors.HTTP_EXCEPTION, detail);
  }

  private void reject(RoutingContext rc, int status, Rejection reason, String error, String detail) {
    metrics.rejected(reason);
    HttpServerResponse response = rc.response();
    if (!rc.request().isEnded()) {
      // Don't read a body nobody wants (it may be gigabytes): answer and close.
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    A1111Errors.send(response, status, error, detail);
  }

  /**
   * The client closed or reset its connection before the response ended. Vert.x then still runs the end handlers
   * with success, so the closed response tells.
   */
  private static boolean clientLeft(RoutingContext rc, AsyncResult<Void> done) {
    return done.failed() || rc.response().closed();
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
