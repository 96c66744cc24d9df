package io.sdnest.inference.bench;

import io.sdnest.inference.engine.demo.HeavyDemoPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
      System.out.printf("Heavy UNet %s, latent %d×%d (%d×%d image), median of %d rounds (the variants back to back) "
          + "after 2 warm-up rounds; per-row timesteps: %s%n%n", HeavyDemoPipeline.NAME, side, side, side * 8, side * 8, reps, unet.perRowTimesteps());
      System.out.println("| rows R | one call of R rows (ms) | R calls of 1 row (ms) | R/2 calls of 2 rows (ms) "
          + "| ms per row, batched | gain vs 1-row calls | gain vs 2-row calls |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int rows : rowsList) {
        FloatTensor s = sample(rows, side);
        double[] t = timesteps(rows);
        FloatTensor c = context(rows);
        List<Runnable> variants = new ArrayList<>();
        variants.add(() -> unet.predict(s, t, c));
        variants.add(splitCalls(unet, side, t, 1));
        if (rows % 2 == 0) {
          variants.add(splitCalls(unet, side, t, 2));
        }
        double[][] times = interleavedMillis(reps, variants);
        double batched = median(times[0]);
        System.out.printf("| %d | %.1f | %.1f | %s | %.1f | %.2f× | %s |%n", rows, batched, median(times[1]),
            rows % 2 == 0 ? String.format("%.1f", median(times[2])) : "–", batched / rows, medianRatio(times[1], times[0]),
            rows % 2 == 0 ? String.format("%.2f×", medianRatio(times[2], times[0])) : "–");
      }
      System.out.println();
      System.out.println("Gains are medians of per-repetition ratios (separate calls / one call), each repetition running "
          + "the variants back to back. With CFG an image is 2 rows, so N concurrent images in one call of 2N rows gain "
          + "\"gain vs 2-row calls\" over running them one at a time.");
    }
  }

  /** The same rows as single calls of {@code rowsPerCall} rows each. */
  private static Runnable splitCalls(OnnxUnet unet, int side, double[] t, int rowsPerCall) {
    FloatTensor s = sample(rowsPerCall, side);
    FloatTensor c = context(rowsPerCall);
    return () -> {
      for (int r = 0; r < t.length; r += rowsPerCall) {
        unet.predict(s, Arrays.copyOfRange(t, r, r + rowsPerCall), c);
      }
    };
  }

  private static double medianRatio(double[] numerators, double[] denominators) {
    double[] ratios = new double[numerators.length];
    for (int k = 0; k < ratios.length; k++) {
      ratios[k] = numerators[k] / denominators[k];
    }
    return median(ratios);
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

  /**
   * Times the variants one after the other, {@code reps} rounds after two warm-up rounds, so that all see the same
   * machine load (the machine is shared); returns the milliseconds per variant and round.
   */
  private static double[][] interleavedMillis(int reps, List<Runnable> variants) {
    for (int i = 0; i < 2; i++) {
      variants.forEach(Runnable::run);
    }
    double[][] ms = new double[variants.size()][reps];
    for (int i = 0; i < reps; i++) {
      for (int v = 0; v < variants.size(); v++) {
        long t = System.nanoTime();
        variants.get(v).run();
        ms[v][i] = (System.nanoTime() - t) / 1e6;
      }
    }
    return ms;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
