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

  private final UnetModel unet;
  private float[] sample = new float[0];
  private float[] context = new float[0];
  private double[] timesteps = new double[0];
  private float[][] contextAtRow = new float[0][];
  private BatchKey lastKey;

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
    BatchKey key = jobs.get(0).key();
    int rows = 0;
    for (DenoiseJob job : jobs) {
      if (!job.key().equals(key)) {
        throw new IllegalArgumentException("jobs of one UNet call must share " + key + ", got " + job.key());
      }
      rows += job.rows();
    }
    ensureCapacity(key, rows);
    int sampleSize = key.sampleSize();
    int contextSize = key.contextSize();
    int row = 0;
    for (DenoiseJob job : jobs) {
      double t = job.timestep();
      for (int r = 0; r < job.rows(); r++, row++) {
        job.writeSample(r, sample, row * sampleSize);
        float[] ctx = job.context(r);
        if (contextAtRow[row] != ctx) {
          System.arraycopy(ctx, 0, context, row * contextSize, contextSize);
          contextAtRow[row] = ctx;
        }
        timesteps[row] = t;
      }
    }
    FloatTensor out = unet.predict(new FloatTensor(sample, new long[] {rows, key.channels(), key.height(), key.width()}),
        timesteps, new FloatTensor(context, new long[] {rows, key.contextTokens(), key.contextDim()}));
    int outRow = 4 * key.height() * key.width();
    if (out.data().length != rows * outRow) {
      throw new IllegalStateException("the UNet returned " + out + " for " + rows + " rows");
    }
    row = 0;
    for (DenoiseJob job : jobs) {
      job.accept(out.data(), row * outRow);
      row += job.rows();
    }
  }

  private void ensureCapacity(BatchKey key, int rows) {
    if (key.equals(lastKey) && timesteps.length == rows) {
      return;
    }
    sample = new float[rows * key.sampleSize()];
    context = new float[rows * key.contextSize()];
    timesteps = new double[rows];
    contextAtRow = new float[rows][];
    lastKey = key;
  }
}
