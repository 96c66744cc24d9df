package io.sdnest.inference.config;

import java.time.Duration;

import io.sdnest.inference.engine.onnx.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Keys of the inference service ({@code sdnest.inference.*}). */
@ConfigMapping(prefix = "sdnest.inference")
public interface InferenceConfig {

  /** Where ONNX Runtime runs the models: auto (CUDA if it works, else CPU), cuda, tensorrt or cpu. */
  @WithDefault("auto")
  ExecutionProvider executionProvider();

  /** The CUDA device the GPU providers use. */
  @WithDefault("0")
  int deviceId();

  /** Intra-op threads of the CPU provider; 0 lets ONNX Runtime choose (one per core). */
  @WithDefault("0")
  int cpuThreads();

  /** Whether the synthetic demo pipeline is generated on start when no model exists. */
  @WithDefault("true")
  boolean generateDemoModel();

  /** How often the model folder is rescanned for new or removed models. */
  @WithDefault("60s")
  Duration modelRescanInterval();

  /** http(s) URLs as image inputs (init_images, mask, extras images). */
  ImageUrls imageUrls();

  /** {@code sdnest.inference.image-urls.*}: fetching images named by URL, off by default. */
  interface ImageUrls {

    /** Whether http(s) URLs are accepted where an image is expected. */
    @WithDefault("false")
    boolean enabled();

    /** The largest image file fetched, in bytes. */
    @WithDefault("20971520")
    long maxBytes();

    /** Connect plus read time limit of one fetch. */
    @WithDefault("15s")
    Duration timeout();

    /** Test only: plain http URLs are accepted too (default: https only). */
    @WithDefault("false")
    boolean allowHttp();

    /** Test only: loopback, private, link-local and other non-public addresses are accepted too. */
    @WithDefault("false")
    boolean allowPrivateAddresses();
  }
}
