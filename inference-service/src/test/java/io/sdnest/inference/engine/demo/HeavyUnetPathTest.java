package io.sdnest.inference.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heavy UNet is the demo UNet plus a small, real, deterministic contribution of its conv/attention path. */
class HeavyUnetPathTest {

  private static final OnnxSessionFactory SESSIONS = OnnxSessionFactory.cpu();

  @TempDir
  Path dir;

  @Test
  void heavyPredictionDiffersFromTheDemoOnlyByTheBoundedHeavyContribution() throws Exception {
    HeavyDemoPipeline.write(dir.resolve("heavy"));
    new DemoPipelineGenerator().write(dir.resolve("light"), HeavyDemoPipeline.variant());
    long[] shape = {3, 4, 8, 16};
    FloatTensor sample = random(shape, 1, 1);
    FloatTensor context = random(new long[] {3, DemoMath.MAX_TOKENS, DemoMath.HIDDEN}, 0.1, 2);
    double[] timesteps = {981, 500, 21};

    float[] heavy = predict(dir.resolve("heavy"), sample, timesteps, context);
    float[] heavyAgain = predict(dir.resolve("heavy"), sample, timesteps, context);
    float[] light = predict(dir.resolve("light"), sample, timesteps, context);

    assertThat(heavyAgain).containsExactly(heavy);
    double maxDifference = 0;
    double sumDifference = 0;
    for (int i = 0; i < heavy.length; i++) {
      double d = Math.abs(heavy[i] - light[i]);
      maxDifference = Math.max(maxDifference, d);
      sumDifference += d;
    }
    assertThat(maxDifference).isLessThanOrEqualTo(HeavyUnetPath.OUTPUT_WEIGHT * 1.01);
    // the heavy path really runs and reaches the output (tanh is not saturated at zero everywhere)
    assertThat(sumDifference / heavy.length).isGreaterThan(HeavyUnetPath.OUTPUT_WEIGHT * 0.05);
  }

  @Test
  void heavyUnetWeightsLiveInTheExternalDataFileAsOptimumExportsDo() throws Exception {
    HeavyDemoPipeline.write(dir);
    long convWeights = 9L * HeavyUnetPath.CHANNELS * HeavyUnetPath.CHANNELS * HeavyUnetPath.RESIDUAL_CONVS * Float.BYTES;
    assertThat(Files.size(dir.resolve("unet/model.onnx_data"))).isGreaterThan(convWeights);
    assertThat(Files.size(dir.resolve("unet/model.onnx"))).isLessThan(convWeights / 10);
  }

  private static float[] predict(Path folder, FloatTensor sample, double[] timesteps, FloatTensor context) {
    try (OnnxUnet unet = new OnnxUnet(SESSIONS, folder.resolve("unet/model.onnx"))) {
      return unet.predict(sample, timesteps, context).data();
    }
  }

  private static FloatTensor random(long[] shape, double scale, long seed) {
    Random rnd = new Random(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * rnd.nextGaussian());
    }
    return new FloatTensor(v, shape);
  }
}
