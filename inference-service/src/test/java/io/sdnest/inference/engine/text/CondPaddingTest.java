package io.sdnest.inference.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class CondPaddingTest {

  /** {@code [1, tokens, 1]} whose token k holds {@code first + k}. */
  private static FloatTensor ramp(int tokens, float first) {
    float[] data = new float[tokens];
    for (int k = 0; k < tokens; k++) {
      data[k] = first + k;
    }
    return new FloatTensor(data, new long[] {1, tokens, 1});
  }

  @Test
  void shorterUncondGetsEmptyPromptChunks() {
    FloatTensor cond = ramp(6, 0);
    FloatTensor uncond = ramp(2, 100);
    FloatTensor empty = ramp(2, -10);

    CondPadding.Pair p = CondPadding.padWithEmptyPrompt(cond, uncond, empty);

    assertThat(p.cond()).isSameAs(cond);
    assertThat(p.uncond().shape()).containsExactly(1, 6, 1);
    assertThat(p.uncond().data()).containsExactly(100, 101, -10, -9, -10, -9);
  }

  @Test
  void shorterCondGetsEmptyPromptChunks() {
    CondPadding.Pair p = CondPadding.padWithEmptyPrompt(ramp(2, 0), ramp(4, 100), ramp(2, -10));

    assertThat(p.cond().data()).containsExactly(0, 1, -10, -9);
    assertThat(p.uncond().data()).containsExactly(100, 101, 102, 103);
  }

  @Test
  void v0RepeatsTheLastVectorOrCutsUncond() {
    assertThat(CondPadding.padUncondV0(ramp(4, 0), ramp(2, 100)).uncond().data()).containsExactly(100, 101, 101, 101);
    assertThat(CondPadding.padUncondV0(ramp(2, 0), ramp(4, 100)).uncond().data()).containsExactly(100, 101);
  }
}
