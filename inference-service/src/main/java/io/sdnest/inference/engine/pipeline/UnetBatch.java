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
 * Input buffers are kept between calls and a row's context is copied only when it changed.
 */
public final class UnetBatch {

  private static final int MAX_SHAPES = 16;

  private final UnetModel unet;
  /** Input arrays by shape, least recently used dropped: a mixed load alternates between a few shapes. */
  private final Map<List<Object>, Buffers> buffers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, Buffers> eldest) {
      return size() > MAX_SHAPES;
    }
  };

  /** One call's inputs; a row's context is copied only when it changed since the last call with these buffers. */
  private static final class Buffers {
    final float[] sample;
    final float[] context;
    final double[] timesteps;
    final float[][] contextAtRow;

    Buffers(BatchKey key, int rows) {
      sample = new float[rows * key.sampleSize()];
      context = new float[rows * key.contextSize()];
      timesteps = new double[rows];
      contextAtRow = new float[rows][];
    }
  }

  public UnetBatch(UnetModel unet) {
    this.unet = unet;
  }

  /**
   * Splits jobs with a pending evaluation into groups that can share a call, in first-seen order: equal
   * {@link BatchKey}, equal timestep unless {@code perRowTimesteps}, at most {@code maxRows} rows per group (a job's rows
   * are never split; a job with more rows than the limit gets a group of its own).
   */
  public static List<List<DenoiseJob>> plan(Collection<DenoiseJob> jobs, boolean perRowTimesteps, int maxRows) {
    Map<Object, List<DenoiseJob>> byKey = new LinkedHashMap<>();
    for (DenoiseJob job : jobs) {
      Object key = perRowTimesteps ? job.key() : List.of(job.key(), job.timestep());
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(job);
    }
    List<List<DenoiseJob>> groups = new ArrayList<>();
    for (List<DenoiseJob> sameKey : byKey.values()) {
      List<DenoiseJob> current = new ArrayList<>();
      int rows = 0;
      for (DenoiseJob job : sameKey) {
        if (!current.isEmpty() && rows + job.rows() > maxRows) {
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
    int sampleSize = key.sampleSize();
    int contextSize = key.contextSize();
    int row = 0;
    for (DenoiseJob job : jobs) {
      double t = job.timestep();
      for (int r = 0; r < job.rows(); r++, row++) {
        job.writeSample(r, b.sample, row * sampleSize);
        float[] ctx = job.context(r);
        if (b.contextAtRow[row] != ctx) {
          System.arraycopy(ctx, 0, b.context, row * contextSize, contextSize);
          b.contextAtRow[row] = ctx;
        }
        b.timesteps[row] = t;
      }
    }
    for (; row < callRows; row++) {
      System.arraycopy(b.sample, (rows - 1) * sampleSize, b.sample, row * sampleSize, sampleSize);
      System.arraycopy(b.context, (rows - 1) * contextSize, b.context, row * contextSize, contextSize);
      b.contextAtRow[row] = null;
      b.timesteps[row] = b.timesteps[rows - 1];
    }
    FloatTensor out = unet.predict(new FloatTensor(b.sample, new long[] {callRows, key.channels(), key.height(),
        key.width()}), b.timesteps, new FloatTensor(b.context, new long[] {callRows, key.contextTokens(),
        key.contextDim()}));
    int outRow = 4 * key.height() * key.width();
    if (out.data().length != callRows * outRow) {
      throw new IllegalStateException("the UNet returned " + out + " for " + callRows + " rows");
    }
    row = 0;
    for (DenoiseJob job : jobs) {
      job.accept(out.data(), row * outRow);
      row += job.rows();
    }
  }

  private Buffers buffers(BatchKey key, int rows) {
    return buffers.computeIfAbsent(List.of(key, rows), k -> new Buffers(key, rows));
  }
}
