package io.sdnest.inference.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.sdnest.inference.engine.model.ModelEntry;
import io.sdnest.inference.engine.model.ModelRegistry;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;

/** Ready when a model can serve: at least one loadable pipeline is on the volume. Reports the execution provider. */
@Readiness
@ApplicationScoped
public class ModelAvailableCheck implements HealthCheck {

  private final ModelRegistry registry;
  private final OnnxSessionFactory sessions;

  public ModelAvailableCheck(ModelRegistry registry, OnnxSessionFactory sessions) {
    this.registry = registry;
    this.sessions = sessions;
  }

  @Override
  public HealthCheckResponse call() {
    long loadable = registry.models().stream().filter(ModelEntry::loadable).count();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("model")
        .status(loadable > 0)
        .withData("loadable-models", loadable)
        .withData("execution-provider-requested", sessions.requested().name().toLowerCase());
    String inUse = sessions.providerInUse();
    if (inUse != null) {
      response.withData("execution-provider", inUse);
    }
    if (loadable == 0) {
      response.withData("error", "no loadable model in " + registry.checkpointsDir());
    }
    return response.build();
  }
}
