package io.sdnest.inference.engine.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.noise.NvGenerator;
import io.sdnest.inference.engine.schedule.KarrasSchedule;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ancestral and SDE samplers with the ideal denoiser of N(μ, s²) data, started from the exact marginal at σ_max, must
 * end with samples distributed N(μ, s²): checked on the mean and variance over 20,000 independent components.
 */
class StochasticSamplerDistributionTest {

  private static final int SIZE = 20_000;
  private static final double MU = 0.5;
  private static final double S = 0.8;

  static Stream<Arguments> samplers() {
    return Stream.of(
        // first-order samplers are biased by O(h) (Euler a at 40 Karras steps: variance 0.54), so they get 400 steps
        Arguments.of(new EulerAncestralSampler(), 1.0, 400),
        Arguments.of(new Dpm2AncestralSampler(), 1.0, 40),
        Arguments.of(new DpmPp2sAncestralSampler(), 1.0, 40),
        Arguments.of(new DpmPpSdeSampler(), 1.0, 40),
        Arguments.of(new DpmPp2mSdeSampler(false), 1.0, 40),
        Arguments.of(new DpmPp2mSdeSampler(true), 1.0, 40),
        Arguments.of(new DpmPp3mSdeSampler(), 1.0, 40),
        Arguments.of(new DdimSampler(), 1.0, 400),
        Arguments.of(new EulerAncestralSampler(), 0.5, 400),
        Arguments.of(new DpmPpSdeSampler(), 0.5, 40));
  }

  @ParameterizedTest(name = "{0} eta {1}")
  @MethodSource("samplers")
  void finalSamplesHaveTheDataMeanAndVariance(Sampler sampler, double eta, int steps) {
    double[] moments = moments(sampler, eta, steps);
    assertThat(moments[0]).isCloseTo(MU, within(0.03));
    assertThat(moments[1]).isCloseTo(S * S, within(0.06));
  }

  /**
   * For Gaussian data one Euler-ancestral step maps the variance exactly: v' = k²·v + σ_up² with
   * k = 1 − (σ − σ_down)·σ/(s² + σ²); the sampler must reproduce that recursion, discretisation bias included.
   */
  @ParameterizedTest(name = "eta {0}")
  @org.junit.jupiter.params.provider.ValueSource(doubles = {1.0, 0.5})
  void eulerAncestralVarianceFollowsTheExactOneStepRecursion(double eta) {
    double[] sigmas = new KarrasSchedule().sigmas(40, ModelSigmas.stableDiffusion());
    double v = S * S + sigmas[0] * sigmas[0];
    for (int i = 0; i < 40; i++) {
      AncestralStep step = AncestralStep.of(sigmas[i], sigmas[i + 1], eta);
      double k = 1 - (sigmas[i] - step.sigmaDown()) * sigmas[i] / (S * S + sigmas[i] * sigmas[i]);
      v = k * k * v + (sigmas[i + 1] > 0 ? step.sigmaUp() * step.sigmaUp() : 0);
    }
    assertThat(v).isLessThan(S * S - 0.05);
    assertThat(moments(new EulerAncestralSampler(), eta, 40)[1]).isCloseTo(v, within(0.02));
  }

  private static double[] moments(Sampler sampler, double eta, int steps) {
    float[] mu = new float[SIZE];
    Arrays.fill(mu, (float) MU);
    GaussianData data = new GaussianData(mu, S);
    double[] sigmas = new KarrasSchedule().sigmas(steps, ModelSigmas.stableDiffusion());
    float[] z = new NvGenerator(11).next(SIZE);
    float[] x = new float[SIZE];
    double spread = Math.sqrt(S * S + sigmas[0] * sigmas[0]);
    for (int i = 0; i < SIZE; i++) {
      x[i] = (float) (MU + spread * z[i]);
    }
    float[] result = data.sample(sampler.start(x, sigmas, new NvGenerator(12), SamplerOptions.DEFAULTS.withEta(eta)));
    double mean = 0;
    for (float v : result) {
      mean += v / (double) SIZE;
    }
    double variance = 0;
    for (float v : result) {
      variance += (v - mean) * (v - mean) / (SIZE - 1);
    }
    return new double[] {mean, variance};
  }

  @ParameterizedTest(name = "{0} eta {1}")
  @MethodSource("samplers")
  void sameNoiseGivesTheSameResultAndOtherNoiseAnother(Sampler sampler, double eta, int ignored) {
    float[] mu = new float[64];
    GaussianData data = new GaussianData(mu, S);
    double[] sigmas = new KarrasSchedule().sigmas(10, ModelSigmas.stableDiffusion());
    float[] x = new NvGenerator(1).next(64);
    SamplerOptions options = SamplerOptions.DEFAULTS.withEta(eta);
    float[] a = data.sample(sampler.start(x, sigmas, new NvGenerator(2), options));
    float[] b = data.sample(sampler.start(x, sigmas, new NvGenerator(2), options));
    float[] c = data.sample(sampler.start(x, sigmas, new NvGenerator(3), options));
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }
}
