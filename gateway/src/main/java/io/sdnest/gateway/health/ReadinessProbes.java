package io.sdnest.gateway.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.routing.Upstream;
import io.sdnest.gateway.routing.UpstreamPool;
import io.sdnest.gateway.routing.Upstreams;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Polls every upstream's readiness endpoint ({@code <management URL>/q/health/ready}) on a schedule; a replica that
 * fails is taken out of rotation, one that passes again is brought back.
 */
@Singleton
public class ReadinessProbes {

  static final String READY_PATH = "/q/health/ready";

  private final Upstreams upstreams;
  private final GatewayConfig.Upstreams tuning;
  private final Vertx vertx;
  private final HttpClient probeClient;
  private long timer = -1;

  public ReadinessProbes(Upstreams upstreams, GatewayConfig config, Vertx vertx) {
    this.upstreams = upstreams;
    this.tuning = config.upstreams();
    this.vertx = vertx;
    this.probeClient = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) tuning.healthTimeout().toMillis())
        .setKeepAlive(true)
        .setName("sdnest-gateway-probes"));
  }

  void start(@Observes StartupEvent event) {
    probeAll();
    timer = vertx.setPeriodic(tuning.healthInterval().toMillis(), id -> probeAll());
  }

  void probeAll() {
    for (UpstreamPool pool : upstreams.pools()) {
      pool.members().forEach(upstream -> probe(pool, upstream));
    }
  }

  private void probe(UpstreamPool pool, Upstream upstream) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(upstream.managementUrl().resolve(READY_PATH).toString())
        .setIdleTimeout(tuning.healthTimeout().toMillis());
    probeClient.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onSuccess(status -> pool.probed(upstream, status == 200, "readiness answered " + status))
        .onFailure(error -> pool.probed(upstream, false, error.toString()));
  }

  @PreDestroy
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    probeClient.close();
  }
}
