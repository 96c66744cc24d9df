package io.sdnest.inference.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execution-provider selection, as far as it can be checked on a machine without a GPU. */
class OnnxSessionFactoryTest {

  @TempDir
  Path dir;

  private Path model;

  @BeforeEach
  void writeModel() throws Exception {
    new DemoPipelineGenerator().write(dir, DemoVariant.standard());
    model = dir.resolve("vae_decoder/model.onnx");
  }

  @Test
  void cpuRunsAndSaysSo() {
    OnnxSessionFactory f = new OnnxSessionFactory(ExecutionProvider.CPU, 0, 1);
    try (OnnxVaeDecoder dec = new OnnxVaeDecoder(f, model)) {
      assertThat(dec.decode(FloatTensor.zeros(1, 4, 1, 1)).shape()).containsExactly(1, 3, 8, 8);
    }
    assertThat(f.providerInUse()).isEqualTo("CPU");
  }

  @Test
  void autoFallsBackToTheCpuWhenCudaIsUnusableAndExplicitCudaThenFails() {
    OnnxSessionFactory auto = new OnnxSessionFactory(ExecutionProvider.AUTO, 0, 0);
    try (OnnxVaeDecoder dec = new OnnxVaeDecoder(auto, model)) {
      assertThat(dec.decode(FloatTensor.zeros(2, 4, 1, 2)).shape()).containsExactly(2, 3, 8, 16);
    }
    OnnxSessionFactory cuda = new OnnxSessionFactory(ExecutionProvider.CUDA, 0, 0);
    if ("CPU".equals(auto.providerInUse())) {
      assertThatThrownBy(() -> new OnnxVaeDecoder(cuda, model))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(model.toString())
          .hasMessageContaining("cannot use the CUDA:0 execution provider");
      assertThat(cuda.providerInUse()).isNull();
    } else {
      assertThat(auto.providerInUse()).isEqualTo("CUDA:0");
      new OnnxVaeDecoder(cuda, model).close();
      assertThat(cuda.providerInUse()).isEqualTo("CUDA:0");
    }
  }

  @Test
  void tensorrtFailsClearlyWhenUnavailable() {
    OnnxSessionFactory trt = new OnnxSessionFactory(ExecutionProvider.TENSORRT, 0, 0);
    try {
      new OnnxVaeDecoder(trt, model).close();
      assertThat(trt.providerInUse()).isEqualTo("TensorRT:0");
    } catch (ModelLoadException e) {
      assertThat(e).hasMessageContaining("cannot use the TensorRT:0 execution provider");
      assertThat(trt.providerInUse()).isNull();
    }
  }

  @Test
  void aMissingModelFileIsNamed() {
    Path missing = dir.resolve("nope/model.onnx");
    assertThatThrownBy(() -> OnnxSessionFactory.cpu().open(missing))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining(missing.toString()).hasMessageContaining("not found");
  }

  @Test
  void negativeSettingsAreRejected() {
    assertThatThrownBy(() -> new OnnxSessionFactory(ExecutionProvider.CPU, -1, 0)).hasMessageContaining("device-id");
    assertThatThrownBy(() -> new OnnxSessionFactory(ExecutionProvider.CPU, 0, -2)).hasMessageContaining("cpu-threads");
  }
}
