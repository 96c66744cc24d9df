package io.sdnest.downloader.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.common.config.SdnestConfig;
import io.sdnest.common.security.TrustedHeaders;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.ModelType;

/**
 * Tells the inference services that a model landed by calling A1111's refresh routes. Best effort: they also
 * rescan on a schedule, so a failure is only logged.
 */
@ApplicationScoped
public class InferenceRefresher {

  private final List<URI> targets;
  private final Optional<String> internalToken;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public InferenceRefresher(DownloaderConfig config, SdnestConfig common) {
    this.targets = config.inferenceUrls().orElse(List.of());
    this.internalToken = common.internalToken().filter(t -> !t.isBlank());
  }

  static Optional<String> route(ModelType type) {
    return switch (type) {
      case CHECKPOINT -> Optional.of("refresh-checkpoints");
      case LORA -> Optional.of("refresh-loras");
      case VAE -> Optional.of("refresh-vae");
      case EMBEDDING -> Optional.of("refresh-embeddings");
      default -> Optional.empty();
    };
  }

  public void refresh(ModelType type) {
    route(type).ifPresent(route -> targets.forEach(base -> {
      String b = base.toString().endsWith("/") ? base.toString() : base + "/";
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(b + "sdapi/v1/" + route))
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
      internalToken.ifPresent(t -> request.header(TrustedHeaders.INTERNAL_TOKEN, t));
      client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        if (e != null) {
          Log.debugf("Refresh %s on %s failed: %s", route, base, e.getMessage());
        } else {
          Log.debugf("Refresh %s on %s: HTTP %d", route, base, r.statusCode());
        }
      });
    }));
  }
}
