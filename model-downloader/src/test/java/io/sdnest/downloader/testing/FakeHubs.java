package io.sdnest.downloader.testing;

import java.io.IOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two local servers: {@code api} plays the hubs' API hosts (under /cn, /ai, /liblib, /civitai, /hf) and is reached as
 * 127.0.0.1; {@code cdn} plays their download hosts and is reached as "localhost", a different host.
 */
public class FakeHubs implements QuarkusTestResourceLifecycleManager {

  public static FakeServer api;
  public static FakeServer cdn;

  @Override
  public Map<String, String> start() {
    try {
      wipe(java.nio.file.Path.of("target/test-data"));
      api = new FakeServer();
      cdn = new FakeServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String base = api.base("127.0.0.1");
    return Map.of(
        "sdnest.downloader.modelscope.endpoint", base + "/cn",
        "sdnest.downloader.modelscope.ai-endpoint", base + "/ai",
        "sdnest.downloader.liblib.api-endpoint", base + "/liblib",
        "sdnest.downloader.civitai.endpoint", base + "/civitai",
        "sdnest.downloader.huggingface.endpoint", base + "/hf",
        // the API server's port is allowed as the endpoints' port; the CDN's must be configured
        "sdnest.downloader.extra-ports", String.valueOf(cdn.port()));
  }

  /** Each test run starts from an empty data directory. */
  static void wipe(java.nio.file.Path dir) throws IOException {
    if (java.nio.file.Files.exists(dir)) {
      try (var walk = java.nio.file.Files.walk(dir)) {
        for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
  }

  public static String cdnUrl(String path) {
    return cdn.base("localhost") + path;
  }

  @Override
  public void stop() {
    api.close();
    cdn.close();
  }
}
