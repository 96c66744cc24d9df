package io.sdnest.inference.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Schedules against independently computed sequences (to 1e-5) and SD's documented σ range. */
class ScheduleTest {

  private static final ModelSigmas SD = ModelSigmas.stableDiffusion();
  private static final double SIGMA_MIN = 0.0291672;
  private static final double SIGMA_MAX = 14.61464;

  @Test
  void stableDiffusionSigmaRangeMatchesTheDocumentedValues() {
    assertThat(SD.sigmaMin()).isCloseTo(SIGMA_MIN, within(1e-6));
    assertThat(SD.sigmaMax()).isCloseTo(SIGMA_MAX, within(1e-4));
    assertThat(SD.alphaCumprod(0)).isCloseTo(0.99915, within(1e-6));
    assertThat(SD.alphaCumprod(999)).isCloseTo(0.0046601, within(1e-6));
  }

  @Test
  void configJsonGivesTheSameSchedule() throws Exception {
    String json = """
        {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085,
         "num_train_timesteps": 1000, "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1}""";
    ModelSigmas model = new ModelSigmas(NoiseScheduleConfig.fromJson(new ObjectMapper().readTree(json)));
    assertThat(model.sigmaMax()).isCloseTo(SD.sigmaMax(), within(1e-12));
    assertThat(model.config().predictionType()).isEqualTo("epsilon");
    assertThat(model.config().stepsOffset()).isEqualTo(1);
  }

  @Test
  void sigmaAndTimestepConvertBothWays() {
    for (double t : new double[] {0, 0.5, 1, 17.25, 500, 998.9, 999}) {
      assertThat(SD.sigmaToT(SD.tToSigma(t))).isCloseTo(t, within(1e-6));
    }
    assertThat(SD.sigmaToT(SD.sigma(321))).isCloseTo(321, within(1e-9));
    // log σ is interpolated: the midpoint sigma is the geometric mean of its neighbours
    assertThat(SD.tToSigma(10.5)).isCloseTo(Math.sqrt(SD.sigma(10) * SD.sigma(11)), within(1e-12));
    assertThat(SD.sigmaToT(100)).isEqualTo(999);
    assertThat(SD.sigmaToT(1e-4)).isEqualTo(0);
  }

  @Test
  void karrasIsTheClosedFormWithRhoSeven() {
    int n = 20;
    double[] sigmas = new KarrasSchedule().sigmas(n, SD);
    assertThat(sigmas).hasSize(n + 1);
    for (int i = 0; i < n; i++) {
      double expected = Math.pow(Math.pow(SIGMA_MAX, 1 / 7.0)
          + i / (n - 1.0) * (Math.pow(SIGMA_MIN, 1 / 7.0) - Math.pow(SIGMA_MAX, 1 / 7.0)), 7);
      assertThat(sigmas[i]).as("σ_%d", i).isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
    }
    assertThat(sigmas[n]).isZero();
  }

  @Test
  void exponentialIsLogLinear() {
    int n = 15;
    double[] sigmas = new ExponentialSchedule().sigmas(n, SD);
    for (int i = 0; i < n; i++) {
      double expected = Math.exp(Math.log(SIGMA_MAX) + i * (Math.log(SIGMA_MIN) - Math.log(SIGMA_MAX)) / (n - 1));
      assertThat(sigmas[i]).isCloseTo(expected, within(1e-5));
    }
    assertThat(sigmas[n]).isZero();
    assertThat(new PolyexponentialSchedule().sigmas(n, SD)).containsExactly(sigmas, within(1e-9));
  }

  @Test
  void uniformAndNormalSampleTheTrainingSigmasAtEvenlySpacedTimesteps() {
    double[] uniform = new UniformSchedule().sigmas(4, SD);
    // t = 999, 666, 333, 0: integer timesteps, so exactly the training sigmas
    assertThat(uniform).containsExactly(new double[] {SD.sigma(999), SD.sigma(666), SD.sigma(333), SD.sigma(0), 0},
        within(1e-9));
    assertThat(new NormalSchedule().sigmas(4, SD)).containsExactly(uniform, within(1e-9));
    double[] three = new UniformSchedule().sigmas(3, SD);
    assertThat(three[1]).isCloseTo(Math.sqrt(SD.sigma(499) * SD.sigma(500)), within(1e-9));
  }

  @Test
  void sgmUniformDropsTheLastOfNPlusOneTimesteps() {
    // linspace(999, 0, 4)[:-1] = 999, 666, 333
    assertThat(new SgmUniformSchedule().sigmas(3, SD))
        .containsExactly(new double[] {SD.sigma(999), SD.sigma(666), SD.sigma(333), 0}, within(1e-9));
  }

  @Test
  void simpleTakesEveryTOverNthSigmaFromTheTop() {
    // stride 1000/3: indices 999, 999 − 333, 999 − 666
    assertThat(new SimpleSchedule().sigmas(3, SD))
        .containsExactly(new double[] {SD.sigma(999), SD.sigma(666), SD.sigma(333), 0}, within(1e-12));
  }

  @Test
  void ddimScheduleUsesTimestepsOnePlusMultiplesOfTheStride() {
    double[] twenty = new DdimSchedule().sigmas(20, SD);
    assertThat(twenty).hasSize(21);
    assertThat(twenty[0]).isEqualTo(SD.sigma(951));
    assertThat(twenty[19]).isEqualTo(SD.sigma(1));
    // 1000 div 3 = 333: t = 1, 334, 667
    assertThat(new DdimSchedule().sigmas(3, SD))
        .containsExactly(SD.sigma(667), SD.sigma(334), SD.sigma(1), 0.0);
    // 1000 div 7 = 142 gives eight timesteps, as in A1111
    assertThat(new DdimSchedule().sigmas(7, SD)).hasSize(9);
  }

  @Test
  void klOptimalInterpolatesArctangentsAndEndsAtSigmaMin() {
    double[] sigmas = new KlOptimalSchedule().sigmas(10, SD);
    assertThat(sigmas).hasSize(11);
    assertThat(sigmas[0]).isCloseTo(SIGMA_MAX, within(1e-4));
    assertThat(sigmas[10]).isCloseTo(SIGMA_MIN, within(1e-6));
    double half = Math.tan((Math.atan(SD.sigmaMin()) + Math.atan(SD.sigmaMax())) / 2);
    assertThat(sigmas[5]).isCloseTo(half, within(1e-9));
  }

  @Test
  void alignYourStepsKeepsOrResamplesTheTable() {
    double[] eleven = new AlignYourStepsSchedule().sigmas(11, SD);
    assertThat(eleven).hasSize(12);
    assertThat(eleven[0]).isEqualTo(14.615);
    assertThat(eleven[10]).isEqualTo(0.029);
    double[] twenty = new AlignYourStepsSchedule().sigmas(20, SD);
    assertThat(twenty).hasSize(21);
    assertThat(twenty[0]).isCloseTo(14.615, within(1e-9));
    assertThat(twenty[19]).isCloseTo(0.029, within(1e-9));
    // 21 points → 20: the second point lies 10/19 of the way between the first two table entries in log σ
    double w = (1 / 19.0) * 10;
    assertThat(twenty[1]).isCloseTo(Math.exp(Math.log(14.615) + w * (Math.log(6.475) - Math.log(14.615))),
        within(1e-9));
  }

  @Test
  void betaScheduleRunsFromSigmaMaxToSigmaMinSymmetricallyForEqualShapes() {
    double[] sigmas = new BetaSchedule().sigmas(11, SD);
    assertThat(sigmas[0]).isCloseTo(SD.sigmaMax(), within(1e-6));
    assertThat(sigmas[10]).isCloseTo(SD.sigmaMin(), within(1e-6));
    assertThat(sigmas[5]).isCloseTo((SD.sigmaMin() + SD.sigmaMax()) / 2, within(1e-6));
    assertThat(sigmas[11]).isZero();
    // Beta(0.6, 0.6) puts more steps near both ends than a linear ramp
    assertThat(sigmas[1]).isGreaterThan(SD.sigmaMax() - (SD.sigmaMax() - SD.sigmaMin()) / 10);
  }

  @Test
  void catalogListsA1111sSchedulersInOrderAndFindsByNameLabelOrAlias() {
    assertThat(SchedulerCatalog.all()).extracting(SchedulerInfo::name).containsExactly("automatic", "uniform",
        "karras", "exponential", "polyexponential", "sgm_uniform", "kl_optimal", "align_your_steps", "simple",
        "normal", "ddim", "beta");
    assertThat(SchedulerCatalog.require("Karras").name()).isEqualTo("karras");
    assertThat(SchedulerCatalog.require("sgm_uniform").label()).isEqualTo("SGM Uniform");
    assertThat(SchedulerCatalog.require("SGMUniform").name()).isEqualTo("sgm_uniform");
    assertThat(SchedulerCatalog.require(null).isAutomatic()).isTrue();
    assertThat(SchedulerCatalog.require("karras").defaultRho()).isEqualTo(7.0);
  }

  @Test
  void unknownSchedulerIsAValidationErrorNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerCatalog.require("wobbly"))
        .isInstanceOf(io.sdnest.inference.engine.ValidationException.class)
        .hasMessageContaining("Karras")
        .extracting(e -> ((io.sdnest.inference.engine.ValidationException) e).field()).isEqualTo("scheduler");
  }
}
