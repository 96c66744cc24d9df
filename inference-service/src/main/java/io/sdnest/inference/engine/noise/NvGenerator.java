package io.sdnest.inference.engine.noise;

import java.util.stream.IntStream;

/**
 * A1111's "NV" random source (modules/rng_philox.py, onnx-sd.md §8): the numbers {@code torch.randn} gives on an NVIDIA
 * GPU. Each {@link #next} call uses counter (offset, 0, i, 0) for element i, key (seed low, seed high), Philox 4x32-10,
 * and Box–Muller on the first two output words; the offset then advances by one.
 *
 * <p>Speed without changing a value: the ten round keys are computed once per call, the first round's c0·M0 product
 * (the same for every element) is hoisted, the rounds are unrolled with the two always-zero counter words folded
 * away, the Box–Muller transform keeps the reference's exact double arithmetic, and large draws are split into
 * slices computed in parallel (elements are independent, so the values do not change).
 */
public final class NvGenerator implements NoiseSource {

  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final int ROUNDS = 10;
  /** Values per parallel slice: a 64×64 latent (16 384 values) is drawn in four slices on the common pool. */
  private static final int SLICE = 4096;
  // numpy float32 constants, then promoted to float64 by the uint32·float32 product
  private static final double TWO_POW32_INV = (float) 2.3283064e-10;
  private static final double TWO_POW32_INV_2PI = (float) (2.3283064e-10 * 6.2831855);

  private final int[] key0 = new int[ROUNDS];
  private final int[] key1 = new int[ROUNDS];
  private int offset;

  public NvGenerator(long seed) {
    int k0 = (int) seed;
    int k1 = (int) (seed >>> 32);
    for (int r = 0; r < ROUNDS; r++) {
      key0[r] = k0;
      key1[r] = k1;
      k0 += W0;
      k1 += W1;
    }
  }

  @Override
  public float[] next(int n) {
    float[] out = new float[n];
    next(out);
    return out;
  }

  @Override
  public void next(float[] out) {
    // round 1 for counter (offset, 0, i, 0): p = offset·M0 is shared by every element
    long p1 = (offset & 0xFFFFFFFFL) * M0;
    int p1hi = (int) (p1 >>> 32) ^ key1[0];
    int p1lo = (int) p1;
    int slices = (out.length + SLICE - 1) / SLICE;
    if (slices > 1) {
      // each element depends only on its index, so slices computed in parallel give exactly the sequential values
      IntStream.range(0, slices).parallel()
          .forEach(s -> fill(out, s * SLICE, Math.min(out.length, (s + 1) * SLICE), p1hi, p1lo));
    } else {
      fill(out, 0, out.length, p1hi, p1lo);
    }
    offset++;
  }

  private void fill(float[] out, int from, int to, int p1hi, int p1lo) {
    int[] k0 = key0;
    int[] k1 = key1;
    for (int i = from; i < to; i++) {
      long q = (i & 0xFFFFFFFFL) * M1;
      int c0 = (int) (q >>> 32) ^ k0[0];
      int c1 = (int) q;
      int c2 = p1hi;
      int c3 = p1lo;
      for (int r = 1; r < ROUNDS; r++) {
        long p = (c0 & 0xFFFFFFFFL) * M0;
        long qq = (c2 & 0xFFFFFFFFL) * M1;
        c0 = (int) (qq >>> 32) ^ c1 ^ k0[r];
        c1 = (int) qq;
        c2 = (int) (p >>> 32) ^ c3 ^ k1[r];
        c3 = (int) p;
      }
      double u = (c0 & 0xFFFFFFFFL) * TWO_POW32_INV + TWO_POW32_INV / 2;
      double v = (c1 & 0xFFFFFFFFL) * TWO_POW32_INV_2PI + TWO_POW32_INV_2PI / 2;
      out[i] = (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.sin(v));
    }
  }
}
