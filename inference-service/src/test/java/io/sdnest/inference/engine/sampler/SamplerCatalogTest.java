package io.sdnest.inference.engine.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.schedule.KarrasSchedule;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerCatalogTest {

  private static final ModelSigmas SD = ModelSigmas.stableDiffusion();

  @Test
  void listsTheImplementedSamplersInA1111sOrderWithTheirOptions() {
    assertThat(SamplerCatalog.all()).extracting(SamplerInfo::name).containsExactly("DPM++ 2M", "DPM++ SDE",
        "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 2S a", "DPM++ 3M SDE", "Euler a", "Euler", "LMS", "Heun", "DPM2",
        "DPM2 a", "DDIM", "PLMS", "UniPC", "LCM");
    SamplerInfo dpm2a = SamplerCatalog.find("DPM2 a").orElseThrow();
    assertThat(dpm2a.options()).containsExactly(Map.entry("scheduler", "karras"),
        Map.entry("discard_next_to_last_sigma", "True"), Map.entry("uses_ensd", "True"),
        Map.entry("second_order", "True"));
    assertThat(dpm2a.aliases()).containsExactly("k_dpm_2_a");
    assertThat(SamplerCatalog.find("Euler").orElseThrow().options()).isEmpty();
    assertThat(SamplerCatalog.all()).allSatisfy(s -> assertThat(s.sampler().name()).isEqualTo(s.name()));
  }

  @Test
  void resolvesNameIndexDefaultAndAliases() {
    assertThat(SamplerCatalog.resolve(null, null, null).sampler().name()).isEqualTo("Euler");
    assertThat(SamplerCatalog.resolve("", "Heun", null).sampler().name()).isEqualTo("Heun");
    assertThat(SamplerCatalog.resolve("DPM2 a", "Heun", null).sampler().name()).isEqualTo("DPM2 a");
    assertThat(SamplerCatalog.resolve("k_euler_a", null, null).sampler().name()).isEqualTo("Euler a");
    assertThat(SamplerCatalog.resolve("k_dpmpp_2m", null, null).sampler().name()).isEqualTo("DPM++ 2M");
  }

  @Test
  void splitsLegacyCombinedNamesAndTheSuffixWins() {
    SamplerChoice choice = SamplerCatalog.resolve("DPM++ 2M Karras", null, "exponential");
    assertThat(choice.sampler().name()).isEqualTo("DPM++ 2M");
    assertThat(choice.requested().label()).isEqualTo("Karras");
    SamplerChoice sgm = SamplerCatalog.resolve("Euler a SGM Uniform", null, null);
    assertThat(sgm.sampler().name()).isEqualTo("Euler a");
    assertThat(sgm.requested().name()).isEqualTo("sgm_uniform");
    assertThat(SamplerCatalog.resolve("Euler exponential", null, null).requested().label()).isEqualTo("Exponential");
    // "DPM++ 2M SDE" is itself a name, not "DPM++ 2M" + a schedule
    assertThat(SamplerCatalog.resolve("DPM++ 2M SDE", null, null).sampler().name()).isEqualTo("DPM++ 2M SDE");
  }

  @Test
  void schedulerByNameOrLabelAndAutomaticPicksTheSamplersDefault() {
    assertThat(SamplerCatalog.resolve("Euler", null, "Karras").effectiveScheduler().name()).isEqualTo("karras");
    assertThat(SamplerCatalog.resolve("Euler", null, "karras").scheduleTypeLabel()).isEqualTo("Karras");
    SamplerChoice automatic = SamplerCatalog.resolve("DPM++ 2M", null, "Automatic");
    assertThat(automatic.effectiveScheduler().name()).isEqualTo("karras");
    assertThat(automatic.scheduleTypeLabel()).isEqualTo("Karras");
    SamplerChoice euler = SamplerCatalog.resolve("Euler", null, "");
    assertThat(euler.effectiveScheduler().name()).isEqualTo("uniform");
    assertThat(euler.scheduleTypeLabel()).isNull();
    assertThat(SamplerCatalog.resolve("DDIM", null, "Karras").scheduleTypeLabel()).isNull();
  }

  @Test
  void unknownSamplerIsAValidationErrorListingValidNames() {
    assertThatThrownBy(() -> SamplerCatalog.resolve("Euler b", null, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Euler b").hasMessageContaining("DPM++ 2M, DPM++ SDE")
        .extracting(e -> ((ValidationException) e).field()).isEqualTo("sampler_name");
    assertThatThrownBy(() -> SamplerCatalog.resolve(null, "nope", null))
        .extracting(e -> ((ValidationException) e).field()).isEqualTo("sampler_index");
    assertThatThrownBy(() -> SamplerCatalog.resolve("Euler", null, "wobbly"))
        .extracting(e -> ((ValidationException) e).field()).isEqualTo("scheduler");
  }

  @Test
  void dpm2DiscardsThePenultimateSigmaOfAOneLongerSchedule() {
    SamplerSchedule schedule = SamplerCatalog.resolve("DPM2", null, null).schedule(20, SD);
    double[] karras21 = new KarrasSchedule().sigmas(21, SD);
    assertThat(schedule.steps()).isEqualTo(20);
    assertThat(Arrays.copyOf(schedule.sigmas(), 20)).containsExactly(Arrays.copyOf(karras21, 20));
    assertThat(schedule.sigmas()[20]).isZero();
  }

  @Test
  void compVisSamplersUseA1111sTimestepsWhateverTheScheduleType() {
    SamplerSchedule ddim = SamplerCatalog.resolve("DDIM", null, "Karras").schedule(20, SD);
    assertThat(ddim.timesteps()).hasSize(20);
    assertThat(ddim.timesteps()[0]).isEqualTo(951);
    assertThat(ddim.timesteps()[19]).isEqualTo(1);
    assertThat(ddim.sigmas()[0]).isEqualTo(SD.sigma(951));
    assertThat(new DdimSampler().initialNoiseScale(2)).isCloseTo(Math.sqrt(5), within(1e-12));
    assertThat(SamplerOptions.of(new DdimSampler(), null, null, null, 0.0, null).eta()).isZero();
    assertThat(SamplerOptions.of(new EulerAncestralSampler(), null, null, null, 0.0, null).eta()).isEqualTo(1);
    assertThat(SamplerOptions.of(new EulerSampler(), null, null, null, 0.0, null).sTmax()).isInfinite();

    SamplerSchedule unipc = SamplerCatalog.resolve("UniPC", null, null).schedule(20, SD);
    assertThat(unipc.steps()).isEqualTo(20);
    assertThat(unipc.timesteps()[0]).isEqualTo(999);
    assertThat(unipc.timesteps()[20]).isEqualTo(0);
    assertThat(unipc.sigmas()[0]).isCloseTo(SD.sigmaMax(), within(1e-9));
    assertThat(unipc.sigmas()[20]).isCloseTo(SD.sigmaMin(), within(1e-12));
  }

  @Test
  void lcmRunsOnTheFiftySkippingTimesteps() {
    SamplerSchedule lcm = SamplerCatalog.resolve("LCM", null, null).schedule(4, SD);
    // linspace(999, 19, 4) = 999, 672.3, 345.7, 19 → nearest skipping timesteps 999, 679, 339, 19
    assertThat(lcm.timesteps()).containsExactly(999, 679, 339, 19, 0);
    assertThat(lcm.sigmas()[0]).isCloseTo(SD.sigma(999), within(1e-9));
    assertThat(lcm.sigmas()[3]).isCloseTo(SD.sigma(19), within(1e-9));
  }

  @Test
  void runReportsPendingEvaluationsAndRejectsMisuse() {
    SamplerRun run = new HeunSampler().start(new float[] {1, 2}, new double[] {2, 1, 0}, n -> new float[n],
        SamplerOptions.DEFAULTS);
    assertThat(run.totalSteps()).isEqualTo(2);
    assertThat(run.sigma()).isEqualTo(2);
    assertThat(run.timestep()).isNaN();
    assertThatThrownBy(() -> run.accept(new float[3])).isInstanceOf(IllegalArgumentException.class);
    run.accept(new float[2]);
    assertThat(run.sigma()).as("Heun's second evaluation").isEqualTo(1);
    assertThat(run.step()).isZero();
    run.accept(new float[2]);
    assertThat(run.step()).isEqualTo(1);
    run.accept(new float[2]);
    assertThat(run.isDone()).isTrue();
    assertThat(run.latent()).containsExactly(0, 0);
    assertThatThrownBy(run::input).isInstanceOf(IllegalStateException.class);
  }
}
