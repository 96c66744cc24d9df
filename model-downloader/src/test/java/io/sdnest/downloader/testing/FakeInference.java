package io.sdnest.downloader.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An inference service that records the refresh calls it gets, listed after one that is down (a port nothing
 * listens on), as {@code sdnest.downloader.inference-urls}.
 */
public class FakeInference implements QuarkusTestResourceLifecycleManager {

  public static FakeServer inference;

  @Override
  public Map<String, String> start() {
    try {
      inference = new FakeServer();
      for (String route : new String[] {"refresh-checkpoints", "refresh-loras", "refresh-vae", "refresh-embeddings"}) {
        inference.route("/sdapi/v1/" + route, ex -> FakeServer.text(ex, 200, "null"));
      }
      int dead;
      try (ServerSocket s = new ServerSocket(0)) {
        dead = s.getLocalPort();
      }
      return Map.of("sdnest.downloader.inference-urls", "http://127.0.0.1:" + dead + "," + inference.base("127.0.0.1") + "/");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    inference.close();
  }
}
