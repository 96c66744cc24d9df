package io.sdnest.inference.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.onnx.ExecutionProvider;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.pipeline.Execution;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;
import io.sdnest.inference.engine.pipeline.UnetBatch;
import io.sdnest.inference.worker.AdmissionQueue;
import io.sdnest.inference.worker.DeviceMemory;
import io.sdnest.inference.worker.DeviceWorker;
import io.sdnest.inference.worker.Rejection;
import io.sdnest.inference.worker.RowBuckets;
import io.sdnest.inference.worker.WorkerMetrics;

/**
 * The service's device worker and admission queue, sized from {@link InferenceConfig}, with the service-level metrics
 * (queue length, running jobs, images, rejections, time to first step, device memory on CUDA).
 */
@Startup
@ApplicationScoped
public class InferenceWorker {

  private final InferenceConfig config;
  private final DeviceMemory memory;
  private final DeviceWorker worker;
  private final AdmissionQueue admission;
  private volatile WorkerSizing sizing;
  private final Counter images;
  private final Timer firstStep;
  private final Map<Rejection.Reason, Counter> rejected = new EnumMap<>(Rejection.Reason.class);
  private final AtomicInteger asyncThreads = new AtomicInteger();
  /** The request side of async jobs (the device work itself runs on the worker thread). */
  private final ExecutorService asyncRunner = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sdnest-async-" + asyncThreads.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  @Inject
  public InferenceWorker(InferenceConfig config, MeterRegistry registry) {
    this(config, registry, new DeviceMemory(config.deviceId()), expectsCuda(config.executionProvider()));
  }

  /**
   * @param expectCuda where the sessions are expected to run until a model is loaded ({@link #adopt}); the device
   *                   memory is read now, before any model weights take their share of it
   */
  InferenceWorker(InferenceConfig config, MeterRegistry registry, DeviceMemory memory, boolean expectCuda) {
    this.config = config;
    this.memory = memory;
    this.sizing = sizing(expectCuda);
    this.worker = new DeviceWorker(sizing.maxRows(), config.maxDecodeBatch(), sizing.buckets(),
        new WorkerMetrics(registry));
    this.admission = new AdmissionQueue(new AdmissionQueue.Limits(config.maxQueue(), config.maxQueuedPerUser(),
        config.maxRunning(), config.maxRunningPerUser()));
    Gauge.builder("sdnest.inference.queue.length", admission, AdmissionQueue::queued)
        .description("Requests waiting for a running slot").register(registry);
    Gauge.builder("sdnest.inference.running.jobs", admission, AdmissionQueue::running)
        .description("Requests being generated").register(registry);
    images = Counter.builder("sdnest.inference.images").description("Images generated").register(registry);
    firstStep = Timer.builder("sdnest.inference.first.step").description("Time from submission to the first step")
        .publishPercentileHistogram().register(registry);
    for (Rejection.Reason reason : Rejection.Reason.values()) {
      rejected.put(reason, Counter.builder("sdnest.inference.jobs.rejected").tag("reason", reason.tag())
          .description("Requests refused at admission").register(registry));
    }
    if (expectCuda) {
      Gauge.builder("sdnest.inference.device.memory", this, InferenceWorker::deviceMemoryUsed).baseUnit("bytes")
          .description("Memory used on the CUDA device").register(registry);
    }
    Log.infof("Device worker: %s; %d images per VAE call; up to %d running (%d per user), %d queued", describe(sizing),
        config.maxDecodeBatch(), config.maxRunning(), config.maxRunningPerUser(), config.maxQueue());
  }

  /**
   * Whether the sessions will run on a CUDA device as far as is known before a model loads: as configured, or with
   * {@code auto} when this ONNX Runtime build has the CUDA provider ({@link #adopt} corrects it once a model loaded).
   */
  private static boolean expectsCuda(ExecutionProvider requested) {
    return switch (requested) {
      case CPU -> false;
      case CUDA, TENSORRT -> true;
      case AUTO -> cudaProviderBuiltIn();
    };
  }

  private static boolean cudaProviderBuiltIn() {
    try {
      return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private WorkerSizing sizing(boolean cuda) {
    return WorkerSizing.of(cuda, config.maxBatch(), config.rowBuckets(), config.maxOversize(), memory);
  }

  private static String describe(WorkerSizing s) {
    return String.format("%s, %d rows per UNet call at 512x512 (fewer for larger images), row buckets %s",
        s.cuda() ? "CUDA" : "CPU", s.maxRows(), s.buckets().sizes());
  }

  /** The device's memory (read at most every few seconds, shared with the gauge and the memory route). */
  public Optional<DeviceMemory.Reading> deviceMemory() {
    return memory.read();
  }

  /** The gauge's value: memory used on the device (read at most every few seconds), NaN off CUDA or unreadable. */
  private double deviceMemoryUsed() {
    return sizing.cuda() ? memory.read().map(r -> (double) r.used()).orElse(Double.NaN) : Double.NaN;
  }

  /**
   * Sizes the worker for the provider the loaded sessions run on ({@link LoadedPipeline#provider()}): with
   * {@code auto}, whether CUDA works on this machine is only known once the first model loads.
   */
  void adopt(String provider) {
    boolean cuda = OnnxSessionFactory.onCudaDevice(provider);
    if (cuda == sizing.cuda()) {
      return;
    }
    synchronized (this) {
      if (cuda != sizing.cuda()) {
        // read after the load when it is first CUDA here: the weights then count twice, which errs on the safe side
        WorkerSizing next = sizing(cuda);
        worker.resize(next.maxRows(), next.buckets());
        sizing = next;
        Log.infof("The models run on %s: device worker resized to %s", provider, describe(next));
      }
    }
  }

  public Execution execution(StableDiffusionPipeline pipeline) {
    adopt(pipeline.model().provider());
    return worker.execution(pipeline.unet());
  }

  public AdmissionQueue admission() {
    return admission;
  }

  public boolean onCuda() {
    return sizing.cuda();
  }

  public RowBuckets buckets() {
    return sizing.buckets();
  }

  /** Rows per UNet call at 512×512. */
  public int maxRows() {
    return sizing.maxRows();
  }

  /**
   * The row counts UNet calls of {@code height}×{@code width} latents run with: every bucket, capped at the rows the
   * budget allows at that size; without buckets 1 (no guidance) and the most rows.
   */
  public List<Integer> callRows(int height, int width) {
    WorkerSizing s = sizing;
    int most = UnetBatch.rowsAt(s.maxRows(), height, width);
    List<Integer> sizes = s.buckets().sizes().isEmpty() ? List.of(1, most) : s.buckets().sizes();
    return sizes.stream().map(rows -> Math.min(rows, most)).distinct().toList();
  }

  /**
   * Refuses, with a 400 counted as {@code too_large}, a request one of whose images needs more UNet memory than the
   * device allows one image ({@code sdnest.inference.max-oversize}).
   */
  public void requireFits(GenerationRequest request) {
    sizing.refusal(request).ifPresent(why -> {
      rejected(Rejection.Reason.TOO_LARGE);
      throw new ValidationException("width", why);
    });
  }

  public long lastActivityNanos() {
    return worker.lastActivityNanos();
  }

  /** Queues a request of {@code user}, counting a refusal by its reason. */
  public AdmissionQueue.Ticket enqueue(String user) {
    try {
      return admission.enqueue(user);
    } catch (Rejection r) {
      rejected(r.reason());
      throw r;
    }
  }

  public void rejected(Rejection.Reason reason) {
    rejected.get(reason).increment();
  }

  public void imagesMade(int n) {
    images.increment(n);
  }

  public void firstStep(long sinceNanos) {
    firstStep.record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS);
  }

  public void runAsync(Runnable work) {
    asyncRunner.execute(work);
  }

  /** Stops admitting and waits up to {@code timeout} for what is queued and running to finish. */
  public boolean drain(Duration timeout) throws InterruptedException {
    admission.close();
    return admission.awaitIdle(timeout);
  }

  @PreDestroy
  void close() {
    asyncRunner.shutdownNow();
    worker.close();
  }
}
