package io.sdnest.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway reads from configuration ({@code sdnest.gateway.*}). */
@ConfigMapping(prefix = "sdnest.gateway")
public interface GatewayConfig {

  /**
   * Password of the built-in {@code admin} user (roles user,admin). Also read from env {@code SDNEST_ADMIN_PASSWORD}.
   * Unset: no admin user is created.
   */
  Optional<String> adminPassword();

  /** Lifts the password rule (8-30 characters, 3 of upper/lower/digit/special). Tests only. */
  @WithDefault("false")
  boolean allowWeakPasswords();

  /** Base URLs of the inference replicas. */
  @WithDefault("http://127.0.0.1:8081")
  List<URI> inferenceUrls();

  /**
   * How the inference replicas are found: {@code static} takes {@link #inferenceUrls()} as they are; {@code dns} makes
   * every address each URL's host resolves to a replica, re-resolved every {@code upstreams.dns-refresh-interval}
   * (for a Kubernetes headless Service, so that the gateway balances per pod).
   */
  @WithDefault("static")
  Discovery inferenceDiscovery();

  enum Discovery { STATIC, DNS }

  /**
   * Management base URLs (readiness at {@code /q/health/ready}, spec at {@code /q/openapi}) of the inference
   * replicas, in the order of {@link #inferenceUrls()}. Unset: derived with {@link #managementPortOffset()}.
   */
  Optional<List<URI>> inferenceManagementUrls();

  @WithDefault("http://127.0.0.1:8082")
  URI downloaderUrl();

  /** Management base URL of the downloader. Unset: derived with {@link #managementPortOffset()}. */
  Optional<URI> downloaderManagementUrl();

  /** sdnest's port convention: management port = HTTP port + 920 (8081 → 9001, 8082 → 9002). */
  @WithDefault("920")
  int managementPortOffset();

  /** How the gateway talks to the services behind it. */
  Upstreams upstreams();

  /** Paths anyone may call. {@code /x/*} covers /x and below, {@code /x*} is a prefix; an optional method first. */
  List<String> publicPaths();

  /** Which roles may call which paths; the rule with the most specific matching path wins. */
  Map<String, AccessRule> access();

  Limits limits();

  AuthCache authCache();

  Readiness readiness();

  interface Readiness {
    /**
     * Ready only while at least one replica of each upstream is ready. Set false where inference scales to zero
     * (KEDA): the gateway must take traffic then, so that requests can wake inference up.
     */
    @WithDefault("true")
    boolean requireUpstreams();
  }

  interface Upstreams {
    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest wait for a response from upstream (generation can take minutes). */
    @WithDefault("10m")
    Duration responseTimeout();

    /** Connections per upstream replica in the pool. */
    @WithDefault("256")
    int maxConnections();

    /** Keep-alive of idle pooled connections. */
    @WithDefault("60s")
    Duration idleTimeout();

    @WithDefault("5s")
    Duration healthInterval();

    @WithDefault("2s")
    Duration healthTimeout();

    /** With {@code inference-discovery=dns}: how often replica addresses are looked up again. */
    @WithDefault("10s")
    Duration dnsRefreshInterval();

    /**
     * How long a request waits for a replica when none is up (e.g. inference scaled to zero and starting) before
     * it is answered 503. 0s: answer at once.
     */
    @WithDefault("0s")
    Duration waitForReady();

    /** At most this many requests wait for a replica at once (each holds a client connection); more get 503 at once. */
    @WithDefault("100")
    int maxWaiting();
  }

  interface AccessRule {
    /** Path patterns, as in {@link #publicPaths()} but without a method. */
    List<String> paths();

    /** Methods the rule is about; unset means all. A method-specific rule wins over a general one on the same path. */
    Optional<List<String>> methods();

    /** The caller needs at least one of them. */
    List<String> roles();
  }

  interface Limits {
    /** Largest request body on most routes (generation JSON). */
    @WithDefault("50M")
    MemorySize maxBodySize();

    /** Routes allowed to take {@link #maxUploadSize()} bytes. */
    @WithDefault("/downloader/v1/uploads/*")
    List<String> uploadPaths();

    @WithDefault("64G")
    MemorySize maxUploadSize();

    /** Routes that start a generation; each user may have this many running at once. */
    @WithDefault("POST /sdapi/v1/txt2img,POST /sdapi/v1/img2img")
    List<String> generationPaths();

    @WithDefault("4")
    int maxConcurrentGenerationsPerUser();

    /** What 429 answers advise as {@code Retry-After}. */
    @WithDefault("5s")
    Duration retryAfter();
  }

  interface AuthCache {
    /** How long verified credentials are remembered (saves the realm lookup, which may be a slow hash). */
    @WithDefault("60s")
    Duration ttl();

    @WithDefault("10000")
    long maxSize();
  }
}
