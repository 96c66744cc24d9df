package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.demo.DemoMath;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.model.PipelineFolder;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.text.ConditionerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/** Demo pipelines generated into a folder and loaded for real ONNX Runtime runs, plus the closed-form expectations. */
final class DemoPipelines {

  static final OnnxSessionFactory SESSIONS = OnnxSessionFactory.cpu();
  static final ModelIdentity IDENTITY = new ModelIdentity("sdnest-demo", "0123abcdef");

  private DemoPipelines() {
  }

  static StableDiffusionPipeline load(Path dir, DemoVariant variant) {
    try {
      new DemoPipelineGenerator().write(dir, variant);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LoadedPipeline loaded = LoadedPipeline.load(PipelineFolder.read(dir, DemoPipelineGenerator.NAME), SESSIONS);
    return new StableDiffusionPipeline(loaded, IDENTITY,
        new PipelineSettings(ConditionerOptions.defaults(), 16, new Random(1)));
  }

  /** μ of the demo's data distribution for a prompt made of colour words and neutral words. */
  static double[] latentMean(String... colourWords) {
    double[] mu = DemoMath.greyLatent();
    for (String word : colourWords) {
      double[] c = DemoMath.colourEmbedding(DemoMath.colours().get(word));
      for (int i = 0; i < 4; i++) {
        mu[i] += c[i];
      }
    }
    return mu;
  }

  /** The byte the pipeline writes for a latent pixel's channel: decoder A·x + b, then A1111's clamp and truncation. */
  static int expectedByte(double[] latentPixel, int channel) {
    double v = DemoMath.B[channel];
    for (int k = 0; k < 4; k++) {
      v += DemoMath.A[channel][k] * latentPixel[k];
    }
    float unit = (float) ((v + 1) / 2);
    unit = Math.max(0f, Math.min(1f, unit));
    return (int) (255.0f * unit);
  }

  /** Mean of each RGB channel over the image, in bytes. */
  static double[] meanRgb(Bitmap image) {
    double[] sum = new double[3];
    byte[] d = image.data();
    for (int i = 0; i < d.length; i++) {
      sum[i % 3] += d[i] & 0xFF;
    }
    int n = image.width() * image.height();
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  /** How much redder than the other channels, in bytes. */
  static double redness(Bitmap image) {
    double[] m = meanRgb(image);
    return m[0] - (m[1] + m[2]) / 2;
  }

  /** An image constant on 8×8 blocks with a per-block colour. */
  static Bitmap blocky(int width, int height, long seed) {
    Random rnd = new Random(seed);
    Bitmap b = Bitmap.blank(width, height, 3);
    for (int by = 0; by < height / 8; by++) {
      for (int bx = 0; bx < width / 8; bx++) {
        int[] rgb = {40 + rnd.nextInt(176), 40 + rnd.nextInt(176), 40 + rnd.nextInt(176)};
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            for (int c = 0; c < 3; c++) {
              b.set(bx * 8 + x, by * 8 + y, c, rgb[c]);
            }
          }
        }
      }
    }
    return b;
  }
}
