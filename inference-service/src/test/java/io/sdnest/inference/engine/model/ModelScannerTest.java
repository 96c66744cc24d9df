package io.sdnest.inference.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.sdnest.common.data.DataLayout;
import io.sdnest.inference.engine.onnx.ExecutionProvider;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import org.junit.jupiter.api.Test;

/** On start the service has a model: the demo pipeline is generated into the data volume when none exists. */
@QuarkusTest
class ModelScannerTest {

  @Inject
  ModelRegistry registry;

  @Inject
  DataLayout data;

  @Inject
  OnnxSessionFactory sessions;

  @Test
  void theDemoPipelineIsThereAfterStartAndLoads() {
    ModelEntry demo = registry.find("sdnest-demo").orElseThrow();
    assertThat(demo.path()).isEqualTo(data.checkpoints().resolve("sdnest-demo"));
    assertThat(data.state().resolve("cache.json")).exists();
    assertThat(sessions.requested()).isEqualTo(ExecutionProvider.CPU);
    try (LoadedPipeline p = LoadedPipeline.load(demo.pipeline(), sessions)) {
      assertThat(p.kind()).isEqualTo(ModelKind.SD1);
      assertThat(sessions.providerInUse()).isEqualTo("CPU");
    }
  }
}
