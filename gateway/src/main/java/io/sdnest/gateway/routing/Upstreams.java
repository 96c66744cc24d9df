package io.sdnest.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.sdnest.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/** The inference replicas and the downloader, and the one pooled HTTP client the gateway reaches them with. */
@Singleton
public class Upstreams {

  public static final String INFERENCE = "inference";
  public static final String DOWNLOADER = "downloader";

  private final UpstreamPool inference;
  private final UpstreamPool downloader;
  private final HttpClient client;

  public Upstreams(GatewayConfig config, Vertx vertx) {
    this.inference = new UpstreamPool(INFERENCE, inferenceReplicas(config));
    this.downloader = new UpstreamPool(DOWNLOADER, List.of(new Upstream(DOWNLOADER, config.downloaderUrl(),
        config.downloaderManagementUrl().orElseGet(() -> derivedManagementUrl(config.downloaderUrl(), config)))));
    GatewayConfig.Upstreams tuning = config.upstreams();
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) tuning.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setKeepAliveTimeout((int) Math.max(1, tuning.idleTimeout().toSeconds()))
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        .setName("sdnest-gateway-upstreams"),
        new PoolOptions().setHttp1MaxSize(tuning.maxConnections()).setMaxWaitQueueSize(-1));
  }

  private static List<Upstream> inferenceReplicas(GatewayConfig config) {
    List<URI> urls = config.inferenceUrls();
    List<URI> management = config.inferenceManagementUrls().orElse(List.of());
    if (!management.isEmpty() && management.size() != urls.size()) {
      throw new IllegalStateException("sdnest.gateway.inference-management-urls lists " + management.size()
          + " URLs but sdnest.gateway.inference-urls lists " + urls.size() + "; give one per replica, in the same order");
    }
    List<Upstream> replicas = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      URI mgmt = management.isEmpty() ? derivedManagementUrl(urls.get(i), config) : management.get(i);
      replicas.add(new Upstream(INFERENCE, urls.get(i), mgmt));
    }
    return replicas;
  }

  /** sdnest's port convention (8081 → 9001): management port = HTTP port + offset, same host. */
  static URI derivedManagementUrl(URI url, GatewayConfig config) {
    return URI.create("http://" + url.getHost() + ":" + (Upstream.port(url) + config.managementPortOffset()));
  }

  public UpstreamPool inference() {
    return inference;
  }

  public UpstreamPool downloader() {
    return downloader;
  }

  public List<UpstreamPool> pools() {
    return List.of(inference, downloader);
  }

  public HttpClient client() {
    return client;
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
