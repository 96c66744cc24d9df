package io.sdnest.inference.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
      List<Size> sizes = config.warmupSizes().stream().map(Size::parse).toList();
      worker.runAsync(() -> warmUp(sizes));
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

  /** An image size of {@code sdnest.inference.warmup-sizes}. */
  record Size(int width, int height) {

    static Size parse(String text) {
      String[] wh = text.trim().toLowerCase(Locale.ROOT).split("x");
      try {
        if (wh.length == 2) {
          return new Size(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("sdnest.inference.warmup-sizes: expected WIDTHxHEIGHT, got '" + text + "'");
    }

    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /**
   * Loads the model and, at each size, runs one step for each row count UNet calls take there
   * ({@link InferenceWorker#callRows}, bucket 1 included), so ONNX Runtime's per-shape set-up (cuDNN algorithm search
   * on CUDA) is done before the first client waits for it. Even row counts run guided images (2 rows each), odd ones
   * as many images with cfg_scale 1 (1 row each). When the warm-up was not asked for and the loaded model turns out
   * to run on the CPU (execution provider auto without a usable GPU), nothing is run.
   */
  void warmUp(List<Size> sizes) {
    long start = System.nanoTime();
    try {
      var serving = models.ensureLoaded();
      worker.adopt(serving.pipeline().model().provider());
      if (config.warmup().isEmpty() && !worker.onCuda()) {
        Log.infof("No warm-up: %s runs on %s", serving.entry().title(), serving.pipeline().model().provider());
        return;
      }
      GenerationLimits limits = GenerationLimits.defaults();
      List<String> warmed = new ArrayList<>();
      for (Size size : sizes) {
        List<Integer> callRows = worker.callRows(size.height() / 8, size.width() / 8);
        for (int rows : callRows) {
          boolean guided = rows % 2 == 0;
          int images = Math.min(limits.maxImages(), guided ? rows / 2 : rows);
          GenerationRequest request = GenerationRequest.builder().prompt("").seed(1).steps(1)
              .size(size.width(), size.height()).cfgScale(guided ? 7.0 : 1.0).batch(images, 1).build(limits);
          models.withPipeline(s -> s.pipeline().generate(request, ProgressListener.NONE, new CancellationToken(),
              worker.execution(s.pipeline())));
        }
        warmed.add(size + " " + callRows);
      }
      warmupTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      Log.infof("Warmed up %s for rows %s in %d ms", serving.entry().title(), warmed,
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
