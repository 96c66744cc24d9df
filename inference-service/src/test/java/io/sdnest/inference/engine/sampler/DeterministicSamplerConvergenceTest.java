package io.sdnest.inference.engine.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.noise.NvGenerator;
import io.sdnest.inference.engine.schedule.KarrasSchedule;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each deterministic sampler, driven by the closed-form denoiser of Gaussian data, must reach the exact end point of
 * the probability-flow ODE, with an error falling like N^−order over 20/40/80 steps.
 */
class DeterministicSamplerConvergenceTest {

  private static final ModelSigmas MODEL = ModelSigmas.stableDiffusion();
  private static final int SIZE = 64;
  private static final int[] STEPS = {20, 40, 80};

  static Stream<Arguments> samplers() {
    return Stream.of(
        Arguments.of(new EulerSampler(), false, 0.9, 1.15),
        Arguments.of(new EulerAncestralSampler(), false, 0.9, 1.15), // eta = 0
        Arguments.of(new DdimSampler(), false, 0.9, 1.15), // eta = 0
        Arguments.of(new HeunSampler(), false, 1.85, 2.3),
        Arguments.of(new Dpm2Sampler(), false, 1.85, 2.3),
        Arguments.of(new DpmPp2mSampler(), false, 1.85, 2.3),
        Arguments.of(new DpmPp2sAncestralSampler(), false, 1.85, 2.3), // eta = 0
        Arguments.of(new LmsSampler(), false, 3.0, 4.5),
        Arguments.of(new PlmsSampler(), false, 1.8, 4.5), // equal-step Adams–Bashforth on an unequal grid
        Arguments.of(new UniPcSampler(), false, 2.8, 3.8),
        Arguments.of(new UniPcSampler(true, 3, true), false, 2.8, 3.8),
        Arguments.of(new DpmPp2mSdeSampler(false), false, 1.85, 2.3), // eta = 0: DPM++ 2M
        Arguments.of(new DpmPp2mSdeSampler(true), false, 0.9, 2.3),
        Arguments.of(new DpmPp3mSdeSampler(), false, 1.4, 2.4)); // eta = 0: k-diffusion 3M measures order 2 here
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void errorFallsAtTheSamplersOrder(Sampler sampler, boolean ownSchedule, double minOrder, double maxOrder) {
    double[] errors = errors(sampler, ownSchedule);
    double order = fittedOrder(errors);
    assertThat(errors[STEPS.length - 1]).as("error at 80 steps, errors %s", Arrays.toString(errors)).isLessThan(0.03);
    assertThat(order).as("order from errors %s", Arrays.toString(errors)).isBetween(minOrder, maxOrder);
  }

  static Stream<Arguments> compVisSamplers() {
    return Stream.of(Arguments.of(new DdimSampler(), 0.03), Arguments.of(new PlmsSampler(), 2e-3),
        Arguments.of(new UniPcSampler(), 5e-3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compVisSamplers")
  void compVisSamplersConvergeOnTheirOwnTimesteps(Sampler sampler, double tolerance) {
    double[] errors = errors(sampler, true);
    assertThat(errors).as("errors at 20/40/80 steps").isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(errors[STEPS.length - 1]).isLessThan(tolerance);
  }

  private static double[] errors(Sampler sampler, boolean ownSchedule) {
    float[] mu = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      mu[i] = (float) Math.sin(i);
    }
    GaussianData data = new GaussianData(mu, 1.0);
    float[] z = new NvGenerator(1).next(SIZE);
    double[] errors = new double[STEPS.length];
    for (int k = 0; k < STEPS.length; k++) {
      double[] sigmas = ownSchedule ? sampler.schedule(STEPS[k], null, MODEL).sigmas()
          // end at σ_min: the last step to 0 is a fixed first-order step whose error does not shrink with N
          : Arrays.copyOf(new KarrasSchedule().sigmas(STEPS[k], MODEL), STEPS[k]);
      double first = sigmas[0];
      double last = sigmas[sigmas.length - 1];
      float[] xT = new float[SIZE];
      for (int i = 0; i < SIZE; i++) {
        xT[i] = (float) (z[i] * sampler.initialNoiseScale(first));
      }
      float[] result = data.sample(sampler.start(xT, sigmas, new NvGenerator(7), SamplerOptions.DEFAULTS.withEta(0)));
      double[] expected = data.exactSolution(xT, first, last);
      if (sampler.initialNoiseScale(1) != 1) {
        // A1111's CompVis samplers return the VP latent at their last timestep
        for (int i = 0; i < SIZE; i++) {
          expected[i] /= Math.sqrt(last * last + 1);
        }
      }
      errors[k] = GaussianData.rmsError(result, expected);
    }
    return errors;
  }

  /** Least-squares slope of −log(error) against log(steps). */
  private static double fittedOrder(double[] errors) {
    double mx = 0;
    double my = 0;
    for (int k = 0; k < STEPS.length; k++) {
      mx += Math.log(STEPS[k]) / STEPS.length;
      my += -Math.log(errors[k]) / STEPS.length;
    }
    double sxy = 0;
    double sxx = 0;
    for (int k = 0; k < STEPS.length; k++) {
      double dx = Math.log(STEPS[k]) - mx;
      sxy += dx * (-Math.log(errors[k]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
