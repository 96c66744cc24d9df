package io.sdnest.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.routing.Upstream;
import io.sdnest.gateway.routing.UpstreamPool;
import io.sdnest.gateway.routing.Upstreams;

/**
 * The gateway can serve when at least one upstream of each kind passed its last readiness probe — unless
 * {@code sdnest.gateway.readiness.require-upstreams=false} (inference scaled to zero: the gateway must take the
 * requests that wake it up).
 */
@Readiness
@ApplicationScoped
public class UpstreamsReadyCheck implements HealthCheck {

  private final Upstreams upstreams;
  private final boolean required;

  public UpstreamsReadyCheck(Upstreams upstreams, GatewayConfig config) {
    this.upstreams = upstreams;
    this.required = config.readiness().requireUpstreams();
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("upstreams");
    boolean all = true;
    for (UpstreamPool pool : upstreams.pools()) {
      all &= pool.anyReady();
      for (Upstream upstream : pool.members()) {
        response.withData(pool.kind() + " " + upstream.label(), upstream.isReady() ? "ready" : "not ready");
      }
    }
    response.withData("required", required);
    return response.status(all || !required).build();
  }
}
