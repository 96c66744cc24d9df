package io.sdnest.gateway.metrics;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sdnest.gateway.routing.Upstream;
import io.sdnest.gateway.routing.UpstreamPool;
import io.sdnest.gateway.routing.Upstreams;

/**
 * The gateway's meters, {@code sdnest_gateway_*}. Tags stay low-cardinality: route templates, never raw paths or users.
 */
@Singleton
public class GatewayMetrics {

  /** Why the gateway answered a request itself instead of passing it on. */
  public enum Rejection {
    UNAUTHENTICATED, BAD_CREDENTIALS, FORBIDDEN, BAD_PATH, BODY_TOO_LARGE, TOO_MANY_GENERATIONS,
    UPSTREAM_UNAVAILABLE, UPSTREAM_FAILED, UPSTREAM_TIMEOUT,
    UNKNOWN_JOB;

    public String tag() {
      return name().toLowerCase();
    }
  }

  /**
   * The {@code status} tag of a request whose client closed the connection before the response ended (nginx's
   * convention); the gateway then also drops or resets its request upstream.
   */
  public static final int CLIENT_CLOSED = 499;

  /**
   * Latency buckets of {@code sdnest_gateway_requests_seconds} (for p50/p99 in the dashboard): a fixed, short list
   * from a cached GET to a long generation, so the series count stays small per route.
   */
  private static final Duration[] LATENCY_BUCKETS = Stream.of("PT0.005S", "PT0.025S", "PT0.1S", "PT0.25S", "PT0.5S",
      "PT1S", "PT2.5S", "PT5S", "PT10S", "PT30S", "PT1M", "PT2M", "PT5M", "PT10M").map(Duration::parse)
      .toArray(Duration[]::new);

  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry, Upstreams upstreams) {
    this.registry = registry;
    for (UpstreamPool pool : upstreams.pools()) {
      pool.members().forEach(this::replica);
      // A restart in the same JVM (dev mode, tests) keeps the registry: replace the gauge bound to the old pool.
      registry.find("sdnest.gateway.upstream.waiting").tag("upstream", pool.kind()).meters().forEach(registry::remove);
      Gauge.builder("sdnest.gateway.upstream.waiting", pool, UpstreamPool::waiting)
          .description("Requests waiting for a replica to come up (sdnest.gateway.upstreams.wait-for-ready)")
          .tags("upstream", pool.kind())
          .register(registry);
      noUpstreamCounter(pool);
    }
  }

  private Counter noUpstreamCounter(UpstreamPool pool) {
    return Counter.builder("sdnest.gateway.no.upstream")
        .description("Requests that found no replica up on arrival (what wakes a service scaled to zero)")
        .tags("upstream", pool.kind())
        .register(registry);
  }

  public void noUpstream(UpstreamPool pool) {
    noUpstreamCounter(pool).increment();
  }

  /** Gauges of one replica; replicas found later (DNS discovery) are added here too. */
  public void replica(Upstream upstream) {
    Gauge.builder("sdnest.gateway.upstream.up", upstream, u -> u.isUp() ? 1 : 0)
        .description("1 when the replica receives traffic, 0 while ejected")
        .tags("upstream", upstream.kind(), "replica", upstream.label())
        .register(registry);
    Gauge.builder("sdnest.gateway.upstream.in.flight", upstream, Upstream::inFlight)
        .description("Requests in flight to the replica")
        .tags("upstream", upstream.kind(), "replica", upstream.label())
        .register(registry);
  }

  public void request(String route, String method, int status, Duration duration) {
    Timer.builder("sdnest.gateway.requests")
        .description("Requests through the gateway by route template, method and status")
        .tags("route", route, "method", method, "status", Integer.toString(status))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(duration);
  }

  public void upstreamLatency(Upstream upstream, Duration untilHeaders) {
    Timer.builder("sdnest.gateway.upstream.latency")
        .description("Time until the upstream answered with its status and headers")
        .tags("upstream", upstream.kind(), "replica", upstream.label())
        .register(registry)
        .record(untilHeaders);
  }

  public void rejected(Rejection reason) {
    Counter.builder("sdnest.gateway.rejected")
        .description("Requests the gateway answered itself, by reason")
        .tags("reason", reason.tag())
        .register(registry)
        .increment();
  }
}
