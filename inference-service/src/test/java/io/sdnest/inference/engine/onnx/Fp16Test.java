package io.sdnest.inference.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** Half-precision conversion checked on all 65536 half values, against exact decimal arithmetic. */
class Fp16Test {

  /** The exact value of a finite half, computed from its bits independently of the code under test. */
  private static double exactHalf(int bits) {
    int sign = (bits >> 15) & 1;
    int exp = (bits >> 10) & 0x1f;
    int mant = bits & 0x3ff;
    double v = exp == 0 ? mant * Math.pow(2, -24) : (1024 + mant) * Math.pow(2, exp - 25);
    return sign == 1 ? -v : v;
  }

  @Test
  void everyHalfConvertsToItsExactValueAndBack() {
    for (int bits = 0; bits < 65536; bits++) {
      short h = (short) bits;
      int exp = (bits >> 10) & 0x1f;
      float f = Fp16.toFloat(h);
      if (exp == 0x1f) {
        if ((bits & 0x3ff) == 0) {
          assertThat(f).isEqualTo((bits & 0x8000) == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
          assertThat(Fp16.fromFloat(f)).isEqualTo(h);
        } else {
          assertThat(f).isNaN();
          assertThat(Fp16.toFloat(Fp16.fromFloat(f))).isNaN();
        }
        continue;
      }
      assertThat((double) f).as("half %04x", bits).isEqualTo(exactHalf(bits));
      assertThat(Fp16.fromFloat(f)).as("round trip of half %04x", bits).isEqualTo(h);
    }
  }

  @Test
  void midpointsRoundToEvenAndNeighboursToNearest() {
    for (int bits = 0; bits < 0x7bff; bits++) {
      double lo = exactHalf(bits);
      double hi = exactHalf(bits + 1);
      float mid = (float) ((lo + hi) / 2);
      assertThat(new BigDecimal(mid)).isEqualTo(new BigDecimal(lo).add(new BigDecimal(hi)).divide(BigDecimal.valueOf(2)));
      short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
      assertThat(Fp16.fromFloat(mid)).as("midpoint above %04x", bits).isEqualTo(even);
      assertThat(Fp16.fromFloat(-mid)).as("negative midpoint above %04x", bits).isEqualTo((short) (even | 0x8000));
      assertThat(Fp16.fromFloat(Math.nextDown(mid))).isEqualTo((short) bits);
      assertThat(Fp16.fromFloat(Math.nextUp(mid))).isEqualTo((short) (bits + 1));
    }
  }

  @Test
  void overflowAndUnderflowSaturateLikeIeee() {
    assertThat(Fp16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Fp16.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
    assertThat(Fp16.fromFloat(65520f)).isEqualTo((short) 0x7c00);
    assertThat(Fp16.fromFloat(1e-8f)).isEqualTo((short) 0);
    assertThat(Fp16.fromFloat(-1e-8f)).isEqualTo((short) 0x8000);
    assertThat(Fp16.fromFloat((float) Math.pow(2, -25))).as("half of the smallest subnormal ties to even zero").isEqualTo((short) 0);
    assertThat(Fp16.fromFloat(Math.nextUp((float) Math.pow(2, -25)))).isEqualTo((short) 1);
  }
}
