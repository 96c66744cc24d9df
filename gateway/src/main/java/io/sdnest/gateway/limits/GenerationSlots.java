package io.sdnest.gateway.limits;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.security.PathPattern;

/** Caps how many generation requests each user has running at once. */
@Singleton
public class GenerationSlots {

  private final List<PathPattern> generationPaths;
  private final int perUser;
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

  public GenerationSlots(GatewayConfig config) {
    this.generationPaths = config.limits().generationPaths().stream().map(PathPattern::parse).toList();
    this.perUser = config.limits().maxConcurrentGenerationsPerUser();
  }

  public boolean isGeneration(String method, String path) {
    return generationPaths.stream().anyMatch(p -> p.matches(method, path));
  }

  public int perUser() {
    return perUser;
  }

  /** Takes a slot for {@code user}; false when all of the user's slots are taken. */
  public boolean tryAcquire(String user) {
    boolean[] taken = {false};
    running.compute(user, (u, count) -> {
      int now = count == null ? 0 : count;
      if (now >= perUser) {
        return count;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  public void release(String user) {
    running.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
  }
}
