package io.sdnest.inference.engine.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;

/**
 * Fills the model registry on start, generating the demo pipeline first when no model exists (and it is enabled), and
 * rescans periodically so that models the downloader adds appear without a restart.
 */
@ApplicationScoped
public class ModelScanner {

  private final ModelRegistry registry;
  private final InferenceConfig config;

  public ModelScanner(ModelRegistry registry, InferenceConfig config) {
    this.registry = registry;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (registry.rescan().isEmpty() && config.generateDemoModel()) {
      Log.infof("No model in %s: generating the synthetic demo pipeline '%s' (for trying the stack, not an image model)",
          registry.checkpointsDir(), DemoPipelineGenerator.NAME);
      new DemoPipelineGenerator().generateInto(registry.checkpointsDir());
      registry.rescan();
    }
    registry.models().forEach(m -> Log.infof("Model %s%s", m.title(), m.problem().map(p -> " (not loadable: " + p + ")").orElse("")));
  }

  @Scheduled(every = "${sdnest.inference.model-rescan-interval:60s}", delayed = "${sdnest.inference.model-rescan-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void rescan() {
    int before = registry.models().size();
    int after = registry.rescan().size();
    if (before != after) {
      Log.infof("Model folder rescanned: %d models (was %d)", after, before);
    }
  }
}
