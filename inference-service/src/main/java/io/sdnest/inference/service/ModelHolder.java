package io.sdnest.inference.service;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.sdnest.common.error.ApiException;
import io.sdnest.inference.engine.model.ModelEntry;
import io.sdnest.inference.engine.model.ModelRegistry;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.pipeline.ModelIdentity;
import io.sdnest.inference.engine.pipeline.PipelineSettings;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;

/**
 * The checkpoint that serves generations: loaded lazily (the first loadable model unless one was selected), switched
 * atomically (a new model is fully loaded before it replaces the old one, and a failed load leaves the old one
 * serving). Any number of generations use it at once (the device worker serialises their device calls); a switch or
 * unload waits until the generations on the old model have finished, and generations that arrive meanwhile wait and
 * then run on the new one, so none is lost and no UNet call ever mixes two models.
 */
@ApplicationScoped
public class ModelHolder {

  /** A model that is loaded and ready. */
  public record Serving(ModelEntry entry, StableDiffusionPipeline pipeline) {
  }

  private final ModelRegistry registry;
  private final OnnxSessionFactory sessions;
  private final SavedCheckpoint savedCheckpoint;
  /** Read-held while generating, write-held while swapping, so no generation ever sees a closed model. */
  private final ReentrantReadWriteLock generation = new ReentrantReadWriteLock(true);
  private final Timer loadTime;
  /** Serialises loads, so two switches cannot load twice. */
  private final Object loading = new Object();
  private volatile Serving serving;
  /** Whether the serving model is a request's override, to be restored when it is done. */
  private volatile boolean temporary;
  private volatile long servingSinceNanos = System.nanoTime();
  private static final Object RETRY = new Object();

  public ModelHolder(ModelRegistry registry, OnnxSessionFactory sessions, SavedCheckpoint savedCheckpoint,
      MeterRegistry meters) {
    this.registry = registry;
    this.sessions = sessions;
    this.savedCheckpoint = savedCheckpoint;
    this.loadTime = Timer.builder("sdnest.inference.model.load").description("Time to load a model's sessions")
        .register(meters);
  }

  /** The entry that serves now, or would serve on first use; empty model list → 503. */
  public ModelEntry currentEntry() {
    Serving s = serving;
    return s != null ? s.entry() : defaultEntry();
  }

  /** When the serving model (or none) took over: a freshly loaded model counts as just used. */
  public long servingSinceNanos() {
    return servingSinceNanos;
  }

  /** The loaded model, if one is loaded. */
  public Serving loaded() {
    return serving;
  }

  /** Runs {@code work} on the serving model, loading the default one first if none is loaded. */
  public <T> T withPipeline(Function<Serving, T> work) {
    while (true) {
      if (temporary) {
        // a request's override model serves for now: other requests wait for it to be restored
        synchronized (loading) {
          continue;
        }
      }
      T result = runOnServing(work, false);
      if (result != RETRY) {
        return result;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T runOnServing(Function<Serving, T> work, boolean mayBeTemporary) {
    Serving s = ensureLoaded();
    generation.readLock().lock();
    try {
      // a switch or unload may have happened while waiting: only ever run on the model that serves now
      if (serving == s && (mayBeTemporary || !temporary)) {
        return work.apply(s);
      }
      return (T) RETRY;
    } finally {
      generation.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} on the model {@code checkpoint} names (a request's {@code override_settings.sd_model_checkpoint},
   * which A1111 silently ignores and sdnest honours); with {@code restoreAfterwards} the model that served before
   * serves again afterwards. Blank {@code checkpoint}: the serving model.
   */
  public <T> T withPipeline(String checkpoint, boolean restoreAfterwards, Function<Serving, T> work) {
    if (checkpoint == null || checkpoint.isBlank()) {
      return withPipeline(work);
    }
    // held throughout, so that no other switch or request sees the temporary model (lock order: loading, generation)
    synchronized (loading) {
      ModelEntry previous = currentEntry();
      ModelEntry wanted = registry.find(checkpoint).orElse(null);
      temporary = restoreAfterwards && wanted != null && !wanted.equals(previous);
      try {
        select(checkpoint);
        while (true) {
          T result = runOnServing(work, true);
          if (result != RETRY) {
            return result;
          }
        }
      } finally {
        if (restoreAfterwards && wanted != null && !wanted.equals(previous)) {
          try {
            swap(load(previous));
          } catch (RuntimeException e) {
            Log.warnf("Could not restore %s after an override: %s", previous.title(), e.getMessage());
          }
        }
        temporary = false;
      }
    }
  }

  /** Makes the model that {@code key} names (title, name, model_name, hash or shorthash) the serving one. */
  public ModelEntry select(String key) {
    ModelEntry entry = registry.find(key).orElseThrow(() -> ApiException.badRequest("model '" + key
        + "' not found; known: " + registry.models().stream().map(ModelEntry::title).toList()));
    synchronized (loading) {
      Serving s = serving;
      if (s != null && s.entry().sha256().equals(entry.sha256()) && s.entry().path().equals(entry.path())) {
        return entry;
      }
      swap(load(entry));
    }
    return entry;
  }

  /** Frees the serving model; the next generation loads it again. */
  public void unload() {
    synchronized (loading) {
      swap(null);
    }
  }

  /** Loads the serving (or default) model now if it is not loaded. */
  public Serving ensureLoaded() {
    Serving s = serving;
    if (s != null) {
      return s;
    }
    synchronized (loading) {
      if (serving == null) {
        swap(load(defaultEntry()));
      }
      return serving;
    }
  }

  /** The checkpoint saved by POST options if it still exists and loads, else the first loadable one. */
  private ModelEntry defaultEntry() {
    return savedCheckpoint.choose(registry.models())
        .orElseThrow(() -> ApiException.unavailable("No loadable model in " + registry.checkpointsDir()
            + "; add an ONNX pipeline folder there (or refresh-checkpoints after a download)", null));
  }

  private Serving load(ModelEntry entry) {
    entry.problem().ifPresent(p -> {
      throw ApiException.badRequest("Cannot load " + entry.path() + ": " + p);
    });
    long start = System.nanoTime();
    LoadedPipeline loaded;
    try {
      loaded = LoadedPipeline.load(entry.pipeline(), sessions);
    } catch (RuntimeException e) {
      Log.warnf("Loading %s failed: %s", entry.title(), e.getMessage());
      throw ApiException.unavailable(e.getMessage() != null && e.getMessage().contains(entry.path().toString())
          ? e.getMessage() : "Cannot load " + entry.path() + ": " + e.getMessage(), null);
    }
    try {
      StableDiffusionPipeline pipeline = new StableDiffusionPipeline(loaded,
          new ModelIdentity(entry.modelName(), entry.shorthash()), PipelineSettings.defaults());
      long nanos = System.nanoTime() - start;
      loadTime.record(nanos, TimeUnit.NANOSECONDS);
      Log.infof("Loaded %s on %s in %d ms", entry.title(), loaded.provider(), nanos / 1_000_000);
      return new Serving(entry, pipeline);
    } catch (RuntimeException e) {
      loaded.close();
      throw ApiException.unavailable("Cannot load " + entry.path() + ": " + e.getMessage(), null);
    }
  }

  private void swap(Serving next) {
    generation.writeLock().lock();
    try {
      Serving old = serving;
      serving = next;
      servingSinceNanos = System.nanoTime();
      if (old != null) {
        old.pipeline().model().close();
      }
    } finally {
      generation.writeLock().unlock();
    }
  }

  @PreDestroy
  void close() {
    unload();
  }
}
