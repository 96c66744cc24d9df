package io.sdnest.inference.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.ProgressListener;

/**
 * The worker around the model's life: warm-up at start, unload after idling, and on shutdown no new admissions while
 * what is queued and running finishes (within {@code quarkus.shutdown.timeout}).
 */
@ApplicationScoped
public class WorkerLifecycle {

  private final InferenceConfig config;
  private final InferenceWorker worker;
  private final ModelHolder models;
  private final Scheduler scheduler;
  private final Duration shutdownTimeout;
  private final Timer warmupTime;

  public WorkerLifecycle(InferenceConfig config, InferenceWorker worker, ModelHolder models, MeterRegistry meters,
      Scheduler scheduler,
      @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30s") Duration shutdownTimeout) {
    this.config = config;
    this.worker = worker;
    this.models = models;
    this.scheduler = scheduler;
    this.shutdownTimeout = shutdownTimeout;
    this.warmupTime = Timer.builder("sdnest.inference.warmup").description("Time of the start-up warm-up")
        .register(meters);
  }

  void onStart(@Observes StartupEvent event) {
    if (config.warmup().orElse(worker.onCuda())) {
      worker.runAsync(this::warmUp);
    }
    Duration idle = config.idleUnloadAfter();
    if (!idle.isZero() && !idle.isNegative()) {
      String every = idleCheckPeriod(idle).toString();
      scheduler.newJob("sdnest-idle-unload").setInterval(every).setDelayed(every)
          .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP).setTask(execution -> unloadWhenIdle()).schedule();
    }
  }

  /** How often idleness is checked: half the idle time (so unloading is at most 50 % late), between 1 s and 10 s. */
  static Duration idleCheckPeriod(Duration idle) {
    Duration half = idle.dividedBy(2);
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(10);
    return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
  }

  /**
   * Loads the model and runs one step at 512×512 for each row bucket (a guided image is 2 rows), so ONNX Runtime's
   * per-shape set-up (cuDNN algorithm search on CUDA) is done before the first client waits for it.
   */
  void warmUp() {
    long start = System.nanoTime();
    try {
      var serving = models.ensureLoaded();
      List<Integer> sizes = worker.buckets().sizes().isEmpty() ? List.of(2) : worker.buckets().sizes();
      for (int rows : sizes) {
        int images = Math.max(1, Math.min(GenerationLimits.defaults().maxImages(), rows / 2));
        GenerationRequest request = GenerationRequest.builder().prompt("").seed(1).steps(1).batch(images, 1)
            .build(GenerationLimits.defaults());
        models.withPipeline(s -> s.pipeline().generate(request, ProgressListener.NONE, new CancellationToken(),
            worker.execution(s.pipeline())));
      }
      warmupTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      Log.infof("Warmed up %s for %s rows in %d ms", serving.entry().title(), sizes,
          (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      Log.warnf("Warm-up failed: %s", e.getMessage());
    }
  }

  /**
   * Frees the model (and its device memory) after {@code sdnest.inference.idle-unload-after} without work; checked
   * every {@link #idleCheckPeriod} when that is set.
   */
  void unloadWhenIdle() {
    Duration after = config.idleUnloadAfter();
    if (after.isZero() || after.isNegative() || models.loaded() == null) {
      return;
    }
    var admission = worker.admission();
    long idleNanos = System.nanoTime() - Math.max(worker.lastActivityNanos(), models.servingSinceNanos());
    if (admission.running() == 0 && admission.queued() == 0 && idleNanos >= after.toNanos()) {
      Log.infof("Unloading %s after %d s idle", models.loaded().entry().title(), idleNanos / 1_000_000_000L);
      models.unload();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    try {
      if (!worker.drain(shutdownTimeout)) {
        Log.warnf("Shutting down with generations still running after %s", shutdownTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
