package io.sdnest.inference.engine.pipeline;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.sdnest.inference.engine.demo.DemoVariant;

/** Base of the tests that share one standard demo pipeline, generated into a temporary folder per test class. */
abstract class StandardDemoPipelineTest {

  @TempDir
  static Path dir;
  static StableDiffusionPipeline pipeline;

  @BeforeAll
  static void load() {
    pipeline = DemoPipelines.load(dir, DemoVariant.standard());
  }

  @AfterAll
  static void close() {
    pipeline.model().close();
  }
}
