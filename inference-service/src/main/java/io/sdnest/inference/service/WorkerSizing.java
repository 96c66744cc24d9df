package io.sdnest.inference.service;

import java.util.List;
import java.util.Optional;

import io.quarkus.logging.Log;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.UnetBatch;
import io.sdnest.inference.engine.prompt.MultiCondParser;
import io.sdnest.inference.worker.DeviceMemory;
import io.sdnest.inference.worker.RowBuckets;

/**
 * How the device worker is sized for where the models run: the UNet budget per call (rows at 512×512, fewer for
 * larger images, {@link UnetBatch#rowsAt}), the row buckets calls are padded to, and how far beyond the budget one
 * image may go before a request is refused.
 *
 * @param cuda        whether the sessions run on a CUDA device (CUDA or TensorRT provider)
 * @param maxRows     rows per UNet call at 64×64 latents
 * @param maxOversize one image may cost at most this many times {@code maxRows}; 0 = no limit
 */
record WorkerSizing(boolean cuda, int maxRows, RowBuckets buckets, double maxOversize) {

  /**
   * Rows per UNet call on the CPU unless configured: one guided image. A CPU gains nothing from bigger calls (one
   * 16-row call runs at ~0.95× the speed of eight 2-row calls, bench/RESULTS.md "Batching (issue 5)"), while jobs still
   * advance step by step in fair turns.
   */
  static final int CPU_MAX_ROWS = 2;
  /** On CUDA when the free memory cannot be read: one guided image, which any device that holds the model can run. */
  static final int UNKNOWN_MEMORY_ROWS = 2;
  /**
   * Default {@code maxOversize} when the budget comes from the measured free memory: the per-row estimate is
   * conservative, so one image up to twice the budget still fits when it runs alone.
   */
  static final double MEASURED_MAX_OVERSIZE = 2;

  /**
   * @param maxBatch    {@code sdnest.inference.max-batch}; unset: {@link #CPU_MAX_ROWS} on the CPU, from the device's
   *                    free memory on CUDA ({@link DeviceMemory#rowsFor})
   * @param rowBuckets  {@code sdnest.inference.row-buckets}; unset: powers of two up to the rows on CUDA, none on CPU
   * @param maxOversize {@code sdnest.inference.max-oversize}; unset: {@link #MEASURED_MAX_OVERSIZE} when the rows come
   *                    from the measured memory, else no limit (on the CPU the budget is a speed choice, not a memory
   *                    limit)
   */
  static WorkerSizing of(boolean cuda, Optional<Integer> maxBatch, Optional<List<Integer>> rowBuckets,
      Optional<Double> maxOversize, DeviceMemory memory) {
    Optional<DeviceMemory.Reading> reading = cuda && maxBatch.isEmpty() ? memory.read() : Optional.empty();
    int rows;
    if (maxBatch.isPresent()) {
      rows = maxBatch.get();
    } else if (!cuda) {
      rows = CPU_MAX_ROWS;
    } else if (reading.isPresent()) {
      rows = DeviceMemory.rowsFor(reading.get().free());
    } else {
      rows = UNKNOWN_MEMORY_ROWS;
      Log.warnf("On CUDA but the device memory cannot be read (no nvidia-smi?): %d rows per UNet call; set "
          + "sdnest.inference.max-batch for this device", rows);
    }
    RowBuckets buckets = rowBuckets.map(RowBuckets::new).orElse(cuda ? RowBuckets.powersOfTwo(rows) : RowBuckets.NONE);
    return new WorkerSizing(cuda, rows, buckets, maxOversize.orElse(reading.isPresent() ? MEASURED_MAX_OVERSIZE : 0));
  }

  /**
   * Why one image of {@code request} would not fit on the device, or empty if it does: its rows (guidance and
   * {@code AND} sub-prompts) at its size, and at the hires target, must cost at most {@code maxOversize} × the budget.
   */
  Optional<String> refusal(GenerationRequest request) {
    if (maxOversize <= 0) {
      return Optional.empty();
    }
    boolean guided = request.sampling().cfgScale() != 1.0;
    int width = request.size().width();
    int height = request.size().height();
    Optional<String> first = refusal(rows(request.prompts().prompt(), guided), width, height, "width and height");
    if (first.isPresent() || request.hires() == null) {
      return first;
    }
    String hrPrompt = request.hires().prompt().isEmpty() ? request.prompts().prompt() : request.hires().prompt();
    int[] target = request.hires().targetSize(width, height);
    return refusal(rows(hrPrompt, guided), target[0], target[1], "the hires target size");
  }

  private Optional<String> refusal(int rows, int width, int height, String what) {
    long budget = UnetBatch.cost(maxRows, 1, 1);
    long cost = UnetBatch.cost(rows, height / 8, width / 8);
    if (cost <= maxOversize * budget) {
      return Optional.empty();
    }
    return Optional.of(String.format("One image of %dx%d (%d UNet rows) needs the memory of %.1f rows at 512x512; "
        + "this device runs %d such rows per call and one image of at most %s times that "
        + "(sdnest.inference.max-oversize): lower %s", width, height, rows,
        (double) cost / UnetBatch.REFERENCE_LATENT_PIXELS, maxRows, maxOversize, what));
  }

  /** UNet rows of one image: one per {@code AND} sub-prompt, plus the negative prompt's with guidance. */
  private static int rows(String prompt, boolean guided) {
    return MultiCondParser.parse(prompt).size() + (guided ? 1 : 0);
  }
}
