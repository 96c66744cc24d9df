package io.sdnest.gateway.stub;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts two inference replicas and a downloader as in-test servers on free ports and points the gateway at them.
 * The gateway's response timeout is 2 s unless the init arg {@value #RESPONSE_TIMEOUT} says otherwise.
 */
public class StubUpstreams implements QuarkusTestResourceLifecycleManager {

  public static final String RESPONSE_TIMEOUT = "response-timeout";

  private static Vertx vertx;
  private static StubService inferenceA;
  private static StubService inferenceB;
  private static StubService downloader;
  private String responseTimeout = "2s";

  @Override
  public void init(Map<String, String> initArgs) {
    responseTimeout = initArgs.getOrDefault(RESPONSE_TIMEOUT, responseTimeout);
  }

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    inferenceA = new StubService(vertx, "inference-a").start();
    inferenceB = new StubService(vertx, "inference-b").start();
    downloader = new StubService(vertx, "downloader").start();
    return Map.of(
        "sdnest.gateway.inference-urls", inferenceA.url() + "," + inferenceB.url(),
        "sdnest.gateway.inference-management-urls", inferenceA.managementUrl() + "," + inferenceB.managementUrl(),
        "sdnest.gateway.downloader-url", downloader.url(),
        "sdnest.gateway.downloader-management-url", downloader.managementUrl(),
        "sdnest.gateway.upstreams.response-timeout", responseTimeout,
        "sdnest.gateway.limits.max-concurrent-generations-per-user", "2",
        "sdnest.gateway.limits.max-body-size", "1M",
        "sdnest.internal-token", "stub-internal-token");
  }

  @Override
  public void stop() {
    inferenceA.close();
    inferenceB.close();
    downloader.close();
    vertx.close();
  }

  public static StubService inferenceA() {
    return inferenceA;
  }

  public static StubService inferenceB() {
    return inferenceB;
  }

  public static StubService downloader() {
    return downloader;
  }
}
