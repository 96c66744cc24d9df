package io.sdnest.inference.engine.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark pipeline "sdnest-demo-heavy": the demo pipeline whose UNet also runs {@link HeavyUnetPath}, so that
 * ONNX Runtime dominates the step time as with a real UNet while the images stay the demo's. Its UNet takes one
 * float timestep per row ({@code [batch]}), so jobs at different steps can share a call.
 *
 * <p>{@code main} writes it into a checkpoints folder: {@code java -cp <inference classpath>
 * io.sdnest.inference.engine.demo.HeavyDemoPipeline <data-dir>/models/Stable-diffusion}.
 */
public final class HeavyDemoPipeline {

  public static final String NAME = "sdnest-demo-heavy";

  private HeavyDemoPipeline() {
  }

  /** The exporter row the heavy pipeline imitates: the standard demo with a per-row float timestep. */
  public static DemoVariant variant() {
    return DemoVariant.standard().withTimestep(DemoVariant.TimestepKind.FLOAT_BATCH);
  }

  /** Writes the heavy pipeline into {@code <checkpoints>/sdnest-demo-heavy} (which must not exist yet). */
  public static Path generateInto(Path checkpointsDir) {
    return new DemoPipelineGenerator().generateInto(checkpointsDir, NAME, variant(), true);
  }

  /** Writes the heavy pipeline folder itself at {@code folder} (for benchmarks and tests). */
  public static void write(Path folder) throws IOException {
    new DemoPipelineGenerator().write(folder, variant(), true);
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HeavyDemoPipeline <checkpoints folder, e.g. <data-dir>/models/Stable-diffusion>");
      System.exit(2);
    }
    Path checkpoints = Path.of(args[0]);
    try {
      Files.createDirectories(checkpoints);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("Wrote " + generateInto(checkpoints));
  }
}
