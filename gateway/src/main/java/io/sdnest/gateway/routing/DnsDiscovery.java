package io.sdnest.gateway.routing;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;

/** With {@code sdnest.gateway.inference-discovery=dns}, keeps the inference pool equal to what DNS says, periodically. */
@Singleton
public class DnsDiscovery {

  private final GatewayConfig config;
  private final UpstreamPool pool;
  private final GatewayMetrics metrics;
  private final Vertx vertx;
  private final DnsReplicas replicas;
  private long timer = -1;

  public DnsDiscovery(GatewayConfig config, Upstreams upstreams, GatewayMetrics metrics, Vertx vertx) {
    this.config = config;
    this.pool = upstreams.inference();
    this.metrics = metrics;
    this.vertx = vertx;
    this.replicas = new DnsReplicas(config.inferenceUrls(), url -> Upstreams.derivedManagementUrl(url, config),
        InetAddress::getAllByName);
  }

  void start(@Observes StartupEvent event) {
    if (config.inferenceDiscovery() != GatewayConfig.Discovery.DNS) {
      return;
    }
    refresh();
    timer = vertx.setPeriodic(config.upstreams().dnsRefreshInterval().toMillis(),
        id -> vertx.executeBlocking(() -> {
          refresh();
          return null;
        }, false));
  }

  synchronized void refresh() {
    List<Upstream> before = pool.members();
    List<Upstream> after = replicas.resolve(before);
    Set<Upstream> old = new HashSet<>(before);
    after.stream().filter(u -> !old.contains(u)).forEach(metrics::replica);
    if (!after.equals(before)) {
      Log.infof("Inference replicas from DNS: %s", after.stream().map(Upstream::label).toList());
      pool.replaceMembers(after);
    }
  }

  @PreDestroy
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
