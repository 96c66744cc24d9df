package io.sdnest.inference.engine.noise;

/**
 * A1111's "NV" random source (modules/rng_philox.py, onnx-sd.md §8): the numbers {@code torch.randn} gives on an NVIDIA
 * GPU. Each {@link #next} call uses counter (offset, 0, i, 0) for element i, key (seed low, seed high), Philox 4x32-10,
 * and Box–Muller on the first two output words; the offset then advances by one.
 */
public final class NvGenerator implements NoiseSource {

  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  // numpy float32 constants, then promoted to float64 by the uint32·float32 product
  private static final double TWO_POW32_INV = (float) 2.3283064e-10;
  private static final double TWO_POW32_INV_2PI = (float) (2.3283064e-10 * 6.2831855);

  private final long seed;
  private int offset;

  public NvGenerator(long seed) {
    this.seed = seed;
  }

  @Override
  public float[] next(int n) {
    float[] out = new float[n];
    int key0 = (int) seed;
    int key1 = (int) (seed >>> 32);
    for (int i = 0; i < n; i++) {
      out[i] = sample(offset, i, key0, key1);
    }
    offset++;
    return out;
  }

  private static float sample(int offset, int index, int key0, int key1) {
    int c0 = offset;
    int c1 = 0;
    int c2 = index;
    int c3 = 0;
    int k0 = key0;
    int k1 = key1;
    for (int round = 0; round < 10; round++) {
      long p = (c0 & 0xFFFFFFFFL) * M0;
      long q = (c2 & 0xFFFFFFFFL) * M1;
      int n0 = (int) (q >>> 32) ^ c1 ^ k0;
      int n1 = (int) q;
      int n2 = (int) (p >>> 32) ^ c3 ^ k1;
      int n3 = (int) p;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    double u = (c0 & 0xFFFFFFFFL) * TWO_POW32_INV + TWO_POW32_INV / 2;
    double v = (c1 & 0xFFFFFFFFL) * TWO_POW32_INV_2PI + TWO_POW32_INV_2PI / 2;
    return (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.sin(v));
  }
}
