package io.sdnest.inference.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.sdnest.inference.engine.onnx.ExecutionProvider;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
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

  /** What one generation request may ask for; beyond it the request is refused with a 400 naming the field. */
  Limits limits();

  /** {@code sdnest.inference.limits.*}; the defaults are {@link GenerationLimits#defaults()}. */
  interface Limits {

    /** Sampling steps per pass (also hr_second_pass_steps). */
    @WithDefault("150")
    int maxSteps();

    /** Width and height in pixels, also of the hires target; init images may be up to 4× this. */
    @WithDefault("2048")
    int maxSize();

    /** Images per request: batch_size × n_iter. */
    @WithDefault("64")
    int maxImages();

    /** Prompt length in chunks of 75 CLIP tokens. */
    @WithDefault("8")
    int maxPromptChunks();

    default GenerationLimits toGenerationLimits() {
      return new GenerationLimits(maxSteps(), maxSize(), maxImages(), maxPromptChunks());
    }
  }

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

  /** Requests that may wait for a running slot, over all users; beyond it 503 with Retry-After. */
  @WithDefault("64")
  int maxQueue();

  /** Requests one user may have waiting; beyond it 429 with Retry-After. */
  @WithDefault("16")
  int maxQueuedPerUser();

  /** Requests denoised at once (merged step by step); 1 runs one at a time as A1111 does. */
  @WithDefault("16")
  int maxRunning();

  /** Requests of one user denoised at once; the user's others wait their turn. */
  @WithDefault("4")
  int maxRunningPerUser();

  /**
   * Most rows in one UNet call at 512×512 (a guided image takes 2); a budget in latent pixels, so calls of larger images
   * take proportionally fewer rows (4× fewer at 1024×1024), smaller ones no more. Unset: 2 on the CPU (one guided
   * image per call; merging rows there is slightly slower than separate calls, bench/RESULTS.md "Batching (issue 5)",
   * and jobs still take turns step by step); on CUDA from the free device memory at start,
   * floor((free − 2 GiB) / 768 MiB) within [1, 64] (2 when it cannot be read).
   */
  Optional<Integer> maxBatch();

  /**
   * How many times the per-call budget ({@link #maxBatch()}) one image may cost (its rows × its latent pixels) before a
   * request is refused with 400 ({@code too_large}); an image over the budget but within this runs alone in its calls.
   * Unset: 2 when max-batch comes from the measured device memory, else no limit (on the CPU the budget is a speed
   * choice, not a memory limit).
   */
  Optional<Double> maxOversize();

  /**
   * Most images in one VAE decoder or encoder call. Images of several requests (and of one request's batch) that have
   * the same size are decoded (or encoded) together up to this many. The VAE's activation memory at full image
   * resolution grows with every image, far more per row than the UNet's, so this limit is separate from, and usually
   * below, {@link #maxBatch()}. Text-encoder calls merge token rows up to max-batch (they are small).
   */
  @WithDefault("4")
  int maxDecodeBatch();

  /** Row counts UNet calls are padded up to; unset: powers of two up to max-batch on CUDA, none on the CPU. */
  Optional<List<Integer>> rowBuckets();

  /** Whether the model is loaded and the row buckets are run once at start; unset: on CUDA only. */
  Optional<Boolean> warmup();

  /** Image sizes (WIDTHxHEIGHT) the warm-up runs every row bucket at. */
  @WithDefault("512x512")
  List<String> warmupSizes();

  /** Unloads the model after this long without work (frees device memory); 0s never unloads. */
  @WithDefault("0s")
  Duration idleUnloadAfter();

  /** How long an async job's result is kept after it finished. */
  @WithDefault("10m")
  Duration jobRetention();
}
