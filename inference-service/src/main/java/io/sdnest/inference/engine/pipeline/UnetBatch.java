package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One UNet call for the pending evaluations of several {@link DenoiseJob}s, possibly of different requests: gathers
 * their rows into one batch, runs {@link UnetModel#predict}, and hands each job its rows of the output. Jobs in one call
 * must share a {@link BatchKey}, and a timestep unless the UNet takes one per row; {@link #plan} forms such groups.
 * Input and output arrays are kept per shape between calls and a row's context is copied only when it changed.
 */
public final class UnetBatch {

  private static final int MAX_SHAPES = 16;

  private final UnetModel unet;
  /** Input and output arrays by shape, least recently used dropped: a mixed load alternates between a few shapes. */
  private final Map<List<Object>, Buffers> buffers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, Buffers> eldest) {
      return size() > MAX_SHAPES;
    }
  };

  /**
   * One call's inputs and output; a row's context is copied only when it changed since the last call with these
   * buffers.
   */
  private static final class Buffers {
    final FloatTensor sample;
    final FloatTensor context;
    final double[] timesteps;
    final float[][] contextAtRow;
    final float[] out;

    Buffers(BatchKey key, int rows) {
      sample = FloatTensor.zeros(rows, key.channels(), key.height(), key.width());
      context = FloatTensor.zeros(rows, key.contextTokens(), key.contextDim());
      timesteps = new double[rows];
      contextAtRow = new float[rows][];
      out = new float[rows * 4 * key.height() * key.width()];
    }
  }

  public UnetBatch(UnetModel unet) {
    this.unet = unet;
  }

  /**
   * Latent pixels of the size at which a row limit counts rows: 64×64, a 512×512 image. A row's activation memory grows
   * with its latent pixels, so a limit of n rows allows n rows at this size or below and proportionally fewer above.
   */
  public static final int REFERENCE_LATENT_PIXELS = 64 * 64;

  /**
   * What {@code rows} rows of {@code height}×{@code width} latents cost, in latent pixels, against a budget of
   * {@code maxRows × 64 × 64}: their pixels, counted as at least 64×64 per row (smaller latents do not get more rows
   * than the limit, since row buckets and the text encoder's limit are in rows).
   */
  public static long cost(int rows, int height, int width) {
    return (long) rows * Math.max(REFERENCE_LATENT_PIXELS, (long) height * width);
  }

  /** The most rows of {@code height}×{@code width} latents one call may hold under {@code maxRows}; at least 1. */
  public static int rowsAt(int maxRows, int height, int width) {
    return (int) Math.max(1, cost(maxRows, 1, 1) / cost(1, height, width));
  }

  /**
   * Splits jobs with a pending evaluation into groups that can share a call, in first-seen order: equal
   * {@link BatchKey}, equal timestep unless {@code perRowTimesteps}, costing at most {@code maxRows} rows at 64×64
   * latents ({@link #rowsAt}: 4× fewer rows at 128×128). A job's rows are never split: a job over the limit gets a
   * group of its own.
   */
  public static List<List<DenoiseJob>> plan(Collection<DenoiseJob> jobs, boolean perRowTimesteps, int maxRows) {
    Map<Object, List<DenoiseJob>> byKey = new LinkedHashMap<>();
    for (DenoiseJob job : jobs) {
      Object key = perRowTimesteps ? job.key() : List.of(job.key(), job.timestep());
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(job);
    }
    List<List<DenoiseJob>> groups = new ArrayList<>();
    for (List<DenoiseJob> sameKey : byKey.values()) {
      BatchKey key = sameKey.get(0).key();
      int limit = rowsAt(maxRows, key.height(), key.width());
      List<DenoiseJob> current = new ArrayList<>();
      int rows = 0;
      for (DenoiseJob job : sameKey) {
        if (!current.isEmpty() && rows + job.rows() > limit) {
          groups.add(current);
          current = new ArrayList<>();
          rows = 0;
        }
        current.add(job);
        rows += job.rows();
      }
      groups.add(current);
    }
    return groups;
  }

  /** Runs one call for {@code jobs} (a group from {@link #plan}) and advances each of them by one evaluation. */
  public void run(List<DenoiseJob> jobs) {
    run(jobs, 0);
  }

  /**
   * As {@link #run(List)}, padded to {@code paddedRows} rows (when more than the jobs have) by repeating the last row;
   * the padding rows' outputs are dropped.
   */
  public void run(List<DenoiseJob> jobs, int paddedRows) {
    BatchKey key = jobs.get(0).key();
    int rows = 0;
    for (DenoiseJob job : jobs) {
      if (!job.key().equals(key)) {
        throw new IllegalArgumentException("jobs of one UNet call must share " + key + ", got " + job.key());
      }
      rows += job.rows();
    }
    int callRows = Math.max(rows, paddedRows);
    Buffers b = buffers(key, callRows);
    float[] sample = b.sample.data();
    float[] context = b.context.data();
    int sampleSize = key.sampleSize();
    int contextSize = key.contextSize();
    int row = 0;
    for (DenoiseJob job : jobs) {
      double t = job.timestep();
      for (int r = 0; r < job.rows(); r++, row++) {
        job.writeSample(r, sample, row * sampleSize);
        float[] ctx = job.context(r);
        if (b.contextAtRow[row] != ctx) {
          System.arraycopy(ctx, 0, context, row * contextSize, contextSize);
          b.contextAtRow[row] = ctx;
        }
        b.timesteps[row] = t;
      }
    }
    for (; row < callRows; row++) {
      System.arraycopy(sample, (rows - 1) * sampleSize, sample, row * sampleSize, sampleSize);
      System.arraycopy(context, (rows - 1) * contextSize, context, row * contextSize, contextSize);
      b.contextAtRow[row] = null;
      b.timesteps[row] = b.timesteps[rows - 1];
    }
    unet.predict(b.sample, b.timesteps, b.context, b.out);
    int outRow = 4 * key.height() * key.width();
    row = 0;
    for (DenoiseJob job : jobs) {
      job.accept(b.out, row * outRow);
      row += job.rows();
    }
  }

  private Buffers buffers(BatchKey key, int rows) {
    return buffers.computeIfAbsent(List.of(key, rows), k -> new Buffers(key, rows));
  }
}
