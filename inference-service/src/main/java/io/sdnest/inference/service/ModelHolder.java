package io.sdnest.inference.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

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
 * serving), and used by one generation at a time.
 */
@ApplicationScoped
public class ModelHolder {

  /** A model that is loaded and ready. */
  public record Serving(ModelEntry entry, StableDiffusionPipeline pipeline) {
  }

  private final ModelRegistry registry;
  private final OnnxSessionFactory sessions;
  private final SavedCheckpoint savedCheckpoint;
  /** Held while generating and while swapping, so no generation ever sees a closed model. */
  private final ReentrantLock generation = new ReentrantLock(true);
  /** Serialises loads, so two switches cannot load twice. */
  private final Object loading = new Object();
  private volatile Serving serving;

  public ModelHolder(ModelRegistry registry, OnnxSessionFactory sessions, SavedCheckpoint savedCheckpoint) {
    this.registry = registry;
    this.sessions = sessions;
    this.savedCheckpoint = savedCheckpoint;
  }

  /** The entry that serves now, or would serve on first use; empty model list → 503. */
  public ModelEntry currentEntry() {
    Serving s = serving;
    return s != null ? s.entry() : defaultEntry();
  }

  /** The loaded model, if one is loaded. */
  public Serving loaded() {
    return serving;
  }

  /** Runs {@code work} on the serving model, loading the default one first if none is loaded; one call at a time. */
  public <T> T withPipeline(Function<Serving, T> work) {
    while (true) {
      Serving s = ensureLoaded();
      generation.lock();
      try {
        // a switch or unload may have happened while waiting: only ever run on the model that serves now
        if (serving == s) {
          return work.apply(s);
        }
      } finally {
        generation.unlock();
      }
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
      ModelEntry wanted = select(checkpoint);
      try {
        return withPipeline(work);
      } finally {
        if (restoreAfterwards && !wanted.equals(previous)) {
          try {
            swap(load(previous));
          } catch (RuntimeException e) {
            Log.warnf("Could not restore %s after an override: %s", previous.title(), e.getMessage());
          }
        }
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
      Log.infof("Loaded %s on %s in %d ms", entry.title(), loaded.provider(), (System.nanoTime() - start) / 1_000_000);
      return new Serving(entry, pipeline);
    } catch (RuntimeException e) {
      loaded.close();
      throw ApiException.unavailable("Cannot load " + entry.path() + ": " + e.getMessage(), null);
    }
  }

  private void swap(Serving next) {
    generation.lock();
    try {
      Serving old = serving;
      serving = next;
      if (old != null) {
        old.pipeline().model().close();
      }
    } finally {
      generation.unlock();
    }
  }

  @PreDestroy
  void close() {
    unload();
  }
}
