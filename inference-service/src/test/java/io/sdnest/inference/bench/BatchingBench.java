package io.sdnest.inference.bench;

import io.sdnest.inference.engine.demo.HeavyDemoPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The raw gain of batching on the heavy benchmark UNet (bench/batching/run.sh), not a test: ONNX Runtime time for one
 * call of R rows against R calls of one row, at 512×512 (64×64 latent). Prints Markdown.
 *
 * <p>Arguments (all optional): rows (comma-separated, default 1,2,4,8,16), repetitions (default 5), latent side
 * (default 64).
 */
public final class BatchingBench {

  private static final int TOKENS = 77;
  private static final int HIDDEN = 32;

  public static void main(String[] args) throws Exception {
    int[] rowsList = Arrays.stream((args.length > 0 ? args[0] : "1,2,4,8,16").split(",")).mapToInt(Integer::parseInt).toArray();
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int side = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    Path dir = Files.createTempDirectory("sdnest-bench-heavy");
    HeavyDemoPipeline.write(dir);
    try (OnnxUnet unet = new OnnxUnet(OnnxSessionFactory.cpu(), dir.resolve("unet/model.onnx"))) {
      System.out.printf("Heavy UNet %s, latent %d×%d (%d×%d image), median of %d repetitions after 2 warm-up calls per shape; "
          + "per-row timesteps: %s%n%n", HeavyDemoPipeline.NAME, side, side, side * 8, side * 8, reps, unet.perRowTimesteps());
      double single = medianMillis(reps, () -> unet.predict(sample(1, side), timesteps(1), context(1)));
      System.out.println("| rows R | one call of R rows (ms) | R calls of 1 row (ms) | ms per row, batched | raw gain R·t(1)/t(R) |");
      System.out.println("|---|---|---|---|---|");
      double[] batched = new double[rowsList.length];
      for (int i = 0; i < rowsList.length; i++) {
        int rows = rowsList[i];
        FloatTensor s = sample(rows, side);
        double[] t = timesteps(rows);
        FloatTensor c = context(rows);
        batched[i] = medianMillis(reps, () -> unet.predict(s, t, c));
        FloatTensor s1 = sample(1, side);
        FloatTensor c1 = context(1);
        double separate = medianMillis(reps, () -> {
          for (int r = 0; r < rows; r++) {
            unet.predict(s1, new double[] {t[r]}, c1);
          }
        });
        System.out.printf("| %d | %.1f | %.1f | %.1f | %.2f× |%n", rows, batched[i], separate, batched[i] / rows,
            rows * single / batched[i]);
      }
      int two = indexOf(rowsList, 2);
      if (two >= 0) {
        System.out.println();
        System.out.println("With CFG every image is 2 rows (uncond + cond), so a service with 1 client already runs 2-row "
            + "calls; the gain batching can add for N concurrent images is N·t(2 rows)/t(2N rows):");
        System.out.println();
        System.out.println("| images N | rows 2N | gain N·t(2)/t(2N) |");
        System.out.println("|---|---|---|");
        for (int i = 0; i < rowsList.length; i++) {
          if (rowsList[i] % 2 == 0) {
            int images = rowsList[i] / 2;
            System.out.printf("| %d | %d | %.2f× |%n", images, rowsList[i], images * batched[two] / batched[i]);
          }
        }
      }
    }
  }

  private static int indexOf(int[] values, int v) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static FloatTensor sample(int rows, int side) {
    return random(new long[] {rows, 4, side, side}, 1, 11);
  }

  private static FloatTensor context(int rows) {
    return random(new long[] {rows, TOKENS, HIDDEN}, 0.1, 12);
  }

  /** Different timesteps per row, as jobs at different steps sharing one call. */
  private static double[] timesteps(int rows) {
    double[] t = new double[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = 999.0 - 61.0 * i;
    }
    return t;
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

  private static double medianMillis(int reps, Runnable call) {
    call.run();
    call.run();
    long[] values = new long[reps];
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      call.run();
      values[i] = System.nanoTime() - t;
    }
    Arrays.sort(values);
    return values[reps / 2] / 1e6;
  }
}
