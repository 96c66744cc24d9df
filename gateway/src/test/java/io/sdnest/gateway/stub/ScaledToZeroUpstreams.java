package io.sdnest.gateway.stub;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Inference scaled to zero, as under KEDA: its one replica is down (port closed, not ready) when the gateway starts;
 * the gateway is configured to be ready anyway and to hold requests a while for a replica to come up.
 */
public class ScaledToZeroUpstreams implements QuarkusTestResourceLifecycleManager {

  private static Vertx vertx;
  private static StubService inference;
  private static StubService downloader;

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    inference = new StubService(vertx, "inference").start();
    inference.stop();
    inference.setReady(false);
    downloader = new StubService(vertx, "downloader").start();
    return Map.of(
        "sdnest.gateway.inference-urls", inference.url(),
        "sdnest.gateway.inference-management-urls", inference.managementUrl(),
        "sdnest.gateway.downloader-url", downloader.url(),
        "sdnest.gateway.downloader-management-url", downloader.managementUrl(),
        "sdnest.gateway.readiness.require-upstreams", "false",
        "sdnest.gateway.upstreams.wait-for-ready", "60s",
        "sdnest.gateway.upstreams.max-waiting", "1");
  }

  @Override
  public void stop() {
    inference.close();
    downloader.close();
    vertx.close();
  }

  public static StubService inference() {
    return inference;
  }
}
