package io.sdnest.inference.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.onnx.ExecutionProvider;
import io.sdnest.inference.engine.pipeline.Execution;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;
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

  /**
   * Rows per UNet call on the CPU unless configured: one guided image. A CPU gains nothing from bigger calls (one
   * 16-row call runs at ~0.95× the speed of eight 2-row calls, bench/RESULTS.md "Batching (issue 5)"), while jobs still
   * advance step by step in fair turns.
   */
  static final int CPU_MAX_ROWS = 2;

  private final DeviceWorker worker;
  private final AdmissionQueue admission;
  private final boolean cuda;
  private final RowBuckets buckets;
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

  public InferenceWorker(InferenceConfig config, MeterRegistry registry) {
    DeviceMemory memory = new DeviceMemory(config.deviceId());
    this.cuda = config.executionProvider() != ExecutionProvider.CPU && cudaAvailable() && memory.freeBytes().isPresent();
    int maxRows = config.maxBatch()
        .orElseGet(() -> cuda ? DeviceMemory.rowsFor(memory.freeBytes().getAsLong()) : CPU_MAX_ROWS);
    this.buckets = config.rowBuckets().map(RowBuckets::new)
        .orElse(cuda ? RowBuckets.powersOfTwo(maxRows) : RowBuckets.NONE);
    this.worker = new DeviceWorker(maxRows, config.maxDecodeBatch(), buckets, new WorkerMetrics(registry));
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
    if (cuda) {
      Gauge.builder("sdnest.inference.device.memory", memory, m -> m.usedBytes().orElse(0)).baseUnit("bytes")
          .description("Memory used on the CUDA device").register(registry);
    }
    Log.infof("Device worker: %d rows per UNet call, row buckets %s, %d images per VAE call, %s; up to %d running "
        + "(%d per user), %d queued", maxRows, buckets.sizes(), config.maxDecodeBatch(), cuda ? "CUDA" : "CPU",
        config.maxRunning(), config.maxRunningPerUser(), config.maxQueue());
  }

  private static boolean cudaAvailable() {
    try {
      return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public Execution execution(StableDiffusionPipeline pipeline) {
    return worker.execution(pipeline.unet());
  }

  public AdmissionQueue admission() {
    return admission;
  }

  public boolean onCuda() {
    return cuda;
  }

  public RowBuckets buckets() {
    return buckets;
  }

  public int maxRows() {
    return worker.maxRows();
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
