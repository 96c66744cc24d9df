package io.sdnest.gateway.limits;

import java.util.List;

import jakarta.inject.Singleton;

import io.sdnest.gateway.config.GatewayConfig;
import io.sdnest.gateway.security.PathPattern;

/** The largest request body each route takes: uploads get the large limit, everything else the small one. */
@Singleton
public class BodySizeLimits {

  private final List<PathPattern> uploadPaths;
  private final long maxBodySize;
  private final long maxUploadSize;

  public BodySizeLimits(GatewayConfig config) {
    this.uploadPaths = config.limits().uploadPaths().stream().map(PathPattern::parse).toList();
    this.maxBodySize = config.limits().maxBodySize().asLongValue();
    this.maxUploadSize = config.limits().maxUploadSize().asLongValue();
  }

  public long limitFor(String method, String path) {
    for (PathPattern upload : uploadPaths) {
      if (upload.matches(method, path)) {
        return maxUploadSize;
      }
    }
    return maxBodySize;
  }
}
