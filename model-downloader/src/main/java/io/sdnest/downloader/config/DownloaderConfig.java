package io.sdnest.downloader.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The downloader's keys, {@code sdnest.downloader.*}. */
@ConfigMapping(prefix = "sdnest.downloader")
public interface DownloaderConfig {

  /** Inference services whose refresh routes are called (best effort) when a model lands. */
  Optional<List<URI>> inferenceUrls();

  /** Test only: allow plain http URLs. Logged loudly when on. */
  @WithDefault("false")
  boolean allowHttp();

  /**
   * Test only: lets downloads reach loopback addresses (where tests run their fake hubs). Private, link-local,
   * CGNAT and cloud metadata addresses stay refused even then. Logged loudly when on.
   */
  @WithDefault("false")
  boolean allowPrivateAddresses();

  /**
   * Hosts allowed besides the hubs' own, for every hub's downloads and redirects and for pasted plain URLs; an entry
   * also allows its subdomains.
   */
  Optional<List<String>> extraHosts();

  /**
   * Hosts a pasted plain URL (not a hub link) may name, besides {@link #extraHosts()}: the CDN hosts users copy
   * download links from (liblib's). An entry also allows its subdomains.
   */
  @WithDefault("liblibai-online.liblib.cloud,liblibai-online.vibrou.com")
  List<String> directHosts();

  /** Ports allowed besides 443 (and 80 with allow-http) and the hub endpoints' own. */
  Optional<List<Integer>> extraPorts();

  /** Whether pickle formats (.ckpt, .pt, .pth, .bin) may be downloaded; they are always flagged. */
  @WithDefault("false")
  boolean allowPickle();

  ModelScope modelscope();

  Liblib liblib();

  Civitai civitai();

  HuggingFace huggingface();

  Limits limits();

  Retry retry();

  /** How long a finished job stays listed. */
  @WithDefault("7d")
  Duration keepFinishedJobs();

  /** How often stale {@code .part} files of jobs that no longer exist are removed. */
  @WithDefault("1h")
  String cleanupEvery();

  /** A {@code .part} file not touched for this long and not owned by a live job is removed. */
  @WithDefault("1h")
  Duration stalePartAge();

  interface ModelScope {
    /** API base for models pasted from {@code modelscope.cn}. */
    @WithDefault("https://www.modelscope.cn")
    URI endpoint();

    /** API base for models pasted from {@code modelscope.ai}. */
    @WithDefault("https://www.modelscope.ai")
    URI aiEndpoint();

    /** Hosts ModelScope's downloads and redirects may reach (its API and CDN, cdn-lfs-*.modelscope.cn). */
    @WithDefault("modelscope.cn,modelscope.ai")
    List<String> hosts();
  }

  interface Liblib {
    @WithDefault("https://api2.liblib.art")
    URI apiEndpoint();

    /** Hosts liblib's downloads and redirects may reach (its API and its OSS CDN, liblibai-online.*). */
    @WithDefault("liblib.art,liblib.ai,liblib.cloud,vibrou.com")
    List<String> hosts();
  }

  interface Civitai {
    @WithDefault("https://civitai.com")
    URI endpoint();

    /**
     * Hosts Civitai's downloads and redirects may reach: its sites and mirrors, and its own Cloudflare R2 account
     * (the presigned {@code civitai-delivery-worker-prod.<account>.r2.cloudflarestorage.com} URLs), not all of R2.
     */
    @WithDefault("civitai.com,civitai.green,civitai.red,civitai.work,5ac0637cfd0766c97916cefa3764fbdf.r2.cloudflarestorage.com")
    List<String> hosts();
  }

  interface HuggingFace {
    @WithDefault("https://huggingface.co")
    URI endpoint();

    /** Hosts Hugging Face's downloads and redirects may reach (its CDNs are subdomains of hf.co and huggingface.co). */
    @WithDefault("huggingface.co,hf.co,hf-mirror.com")
    List<String> hosts();
  }

  interface Limits {
    /** Simultaneous downloads. */
    @WithDefault("3")
    int maxConcurrentDownloads();

    /** Simultaneous transfers from one host. */
    @WithDefault("2")
    int maxPerHost();

    /**
     * Largest file (or repository) per type, keyed by the lower-case type name; {@code default} for the rest.
     * Defaults are in application.properties.
     */
    Map<String, MemorySize> maxFileSize();

    @WithDefault("32M")
    MemorySize maxPreviewSize();

    /** The largest file a download or upload of this type and kind may be (a preview's: the preview size). */
    default long maxFileSize(ModelType type, Kind kind) {
      if (kind == Kind.PREVIEW) {
        return maxPreviewSize().asLongValue();
      }
      MemorySize size = maxFileSize().getOrDefault(type.configKey(), maxFileSize().get("default"));
      return size == null ? Long.MAX_VALUE : size.asLongValue();
    }

    @WithDefault("64G")
    MemorySize maxUploadSize();

    /** Free space that must remain after a download. */
    @WithDefault("1G")
    MemorySize freeSpaceMargin();

    /** Largest safetensors JSON header read for {@code GET /models}. */
    @WithDefault("16M")
    MemorySize maxSafetensorsHeader();

    /** Largest hub API (JSON) answer read. */
    @WithDefault("8M")
    MemorySize maxApiResponse();

    @WithDefault("10s")
    Duration connectTimeout();

    /** A read that delivers nothing for this long is a dropped connection. */
    @WithDefault("60s")
    Duration readTimeout();
  }

  interface Retry {
    @WithDefault("8")
    int maxAttempts();

    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("30s")
    Duration maxBackoff();

    /** The longest Retry-After honoured. */
    @WithDefault("5m")
    Duration maxRetryAfter();

    /** How often an expired presigned URL is resolved again through the hub. */
    @WithDefault("3")
    int maxReResolves();
  }
}
