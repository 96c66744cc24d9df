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
}
