package io.sdnest.inference.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DemoMathTest {

  @Test
  void sigmasMatchStableDiffusionsSchedule() {
    double[] s = DemoMath.sigmas();
    assertThat(s[0]).isCloseTo(0.0291672, within(1e-6));
    assertThat(s[999]).isCloseTo(14.61464, within(1e-4));
    assertThat(DemoMath.sigmaAt(999)).isCloseTo(s[999], within(1e-12));
    assertThat(DemoMath.sigmaAt(10.5)).isCloseTo(Math.sqrt(s[10] * s[11]), within(1e-12));
  }

  @Test
  void pseudoInverseIsARightInverseOfTheDecoderMap() {
    double[][] p = DemoMath.pinvA();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double v = 0;
        for (int k = 0; k < 4; k++) {
          v += DemoMath.A[i][k] * p[k][j];
        }
        assertThat(v).isCloseTo(i == j ? 1 : 0, within(1e-12));
      }
    }
  }

  @Test
  void flowEndPointMatchesAFineNumericalIntegrationOfTheOde() {
    double mu = 0.7;
    double x = 14.6 * 1.3;
    double sigma = 14.6;
    int steps = 200_000;
    // integrate in log σ from 14.6 down to 0.01 with many small Euler steps, then compare to the closed form
    double lo = Math.log(0.01);
    double hi = Math.log(sigma);
    double xi = x;
    for (int k = 0; k < steps; k++) {
      double s0 = Math.exp(hi + (lo - hi) * k / steps);
      double s1 = Math.exp(hi + (lo - hi) * (k + 1) / steps);
      xi += (xi - DemoMath.denoised(xi, s0, mu)) / s0 * (s1 - s0);
    }
    assertThat(xi).isCloseTo(DemoMath.flow(x, mu, sigma, 0.01), within(1e-4));
  }
}
