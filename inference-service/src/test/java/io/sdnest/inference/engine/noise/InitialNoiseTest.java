package io.sdnest.inference.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitialNoiseTest {

  @Test
  void plainSeedIsTheGeneratorsFirstDrawAndTheGeneratorContinues() {
    InitialNoise noise = InitialNoise.create(42, -1, 0, -1, -1, 4, 8, 6, 0);
    NvGenerator reference = new NvGenerator(42);
    assertThat(noise.noise()).containsExactly(reference.next(4 * 8 * 6));
    assertThat(noise.continuation().next(10)).containsExactly(reference.next(10));
  }

  @Test
  void etaNoiseSeedDeltaReseedsTheLaterNoise() {
    InitialNoise noise = InitialNoise.create(42, -1, 0, -1, -1, 4, 8, 8, 31337);
    assertThat(noise.continuation().next(5)).containsExactly(new NvGenerator(42 + 31337).next(5));
  }

  @Test
  void variationSeedBlendsBySlerpAndFullStrengthGivesTheSubseedNoise() {
    float[] base = new NvGenerator(1).next(4 * 8 * 8);
    float[] sub = new NvGenerator(2).next(4 * 8 * 8);
    assertThat(InitialNoise.create(1, 2, 0.3, -1, -1, 4, 8, 8, 0).noise())
        .containsExactly(Slerp.of(0.3, base, sub, 4, 8, 8));
    float[] full = InitialNoise.create(1, 2, 1.0, -1, -1, 4, 8, 8, 0).noise();
    for (int i = 0; i < full.length; i++) {
      assertThat(full[i]).isCloseTo(sub[i], org.assertj.core.api.Assertions.within(1e-4f));
    }
  }

  @Test
  void slerpKeepsTheNormOfEachColumnBetweenOrthogonalNoises() {
    float[] low = new NvGenerator(3).next(4 * 64 * 8);
    float[] high = new NvGenerator(4).next(4 * 64 * 8);
    float[] mid = Slerp.of(0.5, low, high, 4, 64, 8);
    // per (channel, column) vector: slerp of near-orthogonal vectors of similar norm keeps the norm (a lerp would not)
    double ratio = columnNorm(mid, 0, 0, 64, 8) / Math.sqrt(columnNorm(low, 0, 0, 64, 8) * columnNorm(high, 0, 0, 64, 8));
    assertThat(ratio).isBetween(0.9, 1.1);
  }

  @Test
  void nearlyParallelNoisesFallBackToA1111sReversedLinearBlend() {
    float[] low = new NvGenerator(5).next(4 * 8 * 8);
    assertThat(Slerp.of(0.25, low, low, 4, 8, 8)[0]).isEqualTo((float) (low[0] * 0.25 + low[0] * 0.75));
  }

  @Test
  void resizedSeedPastesTheSmallerNoiseCentredIntoTheFullDraw() {
    // 64x48 px noise (8x6 latent) into a 10x8 latent: offset 1 row/column
    InitialNoise noise = InitialNoise.create(9, -1, 0, 48, 64, 4, 10, 8, 0);
    float[] small = new NvGenerator(9).next(4 * 8 * 6);
    NvGenerator generator = new NvGenerator(9);
    float[] full = generator.next(4 * 10 * 8);
    for (int c = 0; c < 4; c++) {
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 8; x++) {
          boolean inside = y >= 1 && y < 9 && x >= 1 && x < 7;
          float expected = inside ? small[(c * 8 + y - 1) * 6 + x - 1] : full[(c * 10 + y) * 8 + x];
          assertThat(noise.noise()[(c * 10 + y) * 8 + x]).isEqualTo(expected);
        }
      }
    }
    assertThat(noise.continuation().next(3)).containsExactly(generator.next(3));
  }

  @Test
  void largerResizedSeedIsCroppedCentred() {
    InitialNoise noise = InitialNoise.create(9, -1, 0, 80, 80, 1, 6, 6, 0);
    float[] big = new NvGenerator(9).next(10 * 10);
    assertThat(noise.noise()[0]).isEqualTo(big[2 * 10 + 2]);
    assertThat(noise.noise()[35]).isEqualTo(big[7 * 10 + 7]);
  }

  @Test
  void seedPlanFollowsA1111() {
    SeedPlan plain = SeedPlan.of(100, 7, 0, 4, new Random(1));
    assertThat(plain.seeds()).containsExactly(100, 101, 102, 103);
    SeedPlan varied = SeedPlan.of(100, 7, 0.5, 3, new Random(1));
    assertThat(varied.seeds()).containsExactly(100, 100, 100);
    assertThat(varied.subseeds()).containsExactly(7, 8, 9);
    SeedPlan random = SeedPlan.of(-1, -1, 0, 2, new Random(1));
    assertThat(random.seeds()[0]).isBetween(0L, SeedPlan.RANDOM_SEED_BOUND - 1);
    assertThat(random.seeds()[1]).isEqualTo(random.seeds()[0] + 1);
  }

  private static double columnNorm(float[] v, int c, int x, int h, int w) {
    double sum = 0;
    for (int y = 0; y < h; y++) {
      sum += v[(c * h + y) * w + x] * (double) v[(c * h + y) * w + x];
    }
    return Math.sqrt(sum);
  }
}
