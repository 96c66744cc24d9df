package io.sdnest.common.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Keys every sdnest service shares. Each service keeps its own keys under {@code sdnest.<service>.*}. */
@ConfigMapping(prefix = "sdnest")
public interface SdnestConfig {

  /** The shared data volume, laid out like A1111's folder (env {@code SDNEST_DATA_DIR}). */
  @WithDefault("./data")
  Path dataDir();

  /** When set, the gateway sends it as {@code X-Sdnest-Internal-Token} and the other services require it. */
  Optional<String> internalToken();

  /** Whether this service demands {@link #internalToken()} from its callers; off on the gateway, which sends it. */
  @WithDefault("true")
  boolean requireInternalToken();
}
