package io.sdnest.inference.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The published check values of A1111's NV source (onnx-sd.md §8). */
class NvGeneratorTest {

  @Test
  void seedZeroGivesTorchsCudaRandn() {
    float[] values = new NvGenerator(0).next(12);
    double[] expected = {-0.92466259, -0.42534415, -2.6438457, 0.14518388, -0.12086647, -0.57972564, -0.62285122,
        -0.32838709, -1.07454231, -0.36314407, -1.67105067, 2.26550497};
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) values[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void eachCallAdvancesTheOffset() {
    NvGenerator generator = new NvGenerator(1234);
    float[] first = generator.next(4);
    float[] second = generator.next(4);
    double[] expectedFirst = {-1.6164904, 0.5684552, -0.5102246, -0.9113394};
    double[] expectedSecond = {0.6330828, 1.6358219, -0.34586293, 1.0195528};
    for (int i = 0; i < 4; i++) {
      assertThat((double) first[i]).isCloseTo(expectedFirst[i], within(1e-5));
      assertThat((double) second[i]).isCloseTo(expectedSecond[i], within(1e-5));
    }
  }

  @Test
  void seedsAboveThirtyTwoBitsUseTheHighKeyWord() {
    assertThat(new NvGenerator(1L << 32).next(4)).isNotEqualTo(new NvGenerator(0).next(4));
  }

  @Test
  void largeDrawsSplitIntoParallelSlicesMatchTheTextbookDefinitionBitForBit() {
    long seed = 0x1234_5678_9ABCL;
    NvGenerator generator = new NvGenerator(seed);
    for (int offset = 0; offset < 2; offset++) {
      float[] values = generator.next(3 * 16_384 + 5);
      for (int i = 0; i < values.length; i++) {
        if (Float.floatToIntBits(values[i]) != Float.floatToIntBits(textbook(seed, offset, i))) {
          throw new AssertionError("offset " + offset + ", element " + i + ": " + values[i] + " vs "
              + textbook(seed, offset, i));
        }
      }
    }
  }

  /** Philox 4x32-10 on counter (offset, 0, i, 0) and key (seed low, seed high), then A1111's Box-Muller. */
  private static float textbook(long seed, int offset, int i) {
    int[] c = {offset, 0, i, 0};
    int k0 = (int) seed;
    int k1 = (int) (seed >>> 32);
    for (int round = 0; round < 10; round++) {
      long a = (c[0] & 0xFFFFFFFFL) * 0xD2511F53L;
      long b = (c[2] & 0xFFFFFFFFL) * 0xCD9E8D57L;
      c = new int[] {(int) (b >>> 32) ^ c[1] ^ k0, (int) b, (int) (a >>> 32) ^ c[3] ^ k1, (int) a};
      k0 += 0x9E3779B9;
      k1 += 0xBB67AE85;
    }
    double inv = (float) 2.3283064e-10;
    double inv2pi = (float) (2.3283064e-10 * 6.2831855);
    double u = (c[0] & 0xFFFFFFFFL) * inv + inv / 2;
    double v = (c[1] & 0xFFFFFFFFL) * inv2pi + inv2pi / 2;
    return (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.sin(v));
  }
}
