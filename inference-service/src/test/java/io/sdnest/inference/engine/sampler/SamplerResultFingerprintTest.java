package io.sdnest.inference.engine.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.noise.NvGenerator;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every sampler's result bit for bit: a fixed small problem (the closed-form denoiser of Gaussian data, fixed
 * seeds) is sampled and the SHA-256 of the final latent's float bits compared with the value recorded from the
 * original, allocating implementation. Any change in arithmetic order or in the random stream shows up here.
 */
class SamplerResultFingerprintTest {

  private static final ModelSigmas MODEL = ModelSigmas.stableDiffusion();
  private static final int SIZE = 4 * 8 * 8;
  private static final int STEPS = 10;
  private static final SamplerOptions CHURN = new SamplerOptions(1.0, 2.5, 0.5, 10.0, 1.003);

  static Stream<Arguments> cases() {
    return Stream.of(
        // every catalog sampler with its automatic schedule and its default options
        of("DPM++ 2M", "automatic", null,
            "288bfe0fddc60db53d6b272bbb798a9af67042a91a374050e5cfde5980238664"),
        of("DPM++ SDE", "automatic", null,
            "116deeebcc1199bf2271675052f6b7e88891e0637f5af3383187ab35c0409495"),
        of("DPM++ 2M SDE", "automatic", null,
            "6ac0fb265510ef6ead5bb5e3aa46761078fa28e618fd3021df530d5c2f27b38e"),
        of("DPM++ 2M SDE Heun", "automatic", null,
            "11434972977d5b2bd58bba055052a4df89c67ced27683e768c5e09b606e2c71b"),
        of("DPM++ 2S a", "automatic", null,
            "b121210d26d97962a9afbe60d538b4d2b0b22787c23e3b8fb08559acd9795fcb"),
        of("DPM++ 3M SDE", "automatic", null,
            "2010f88ed00e3da6532dfbaf5d9dd74d04a7261d987a6b58d57eede86fce831a"),
        of("Euler a", "automatic", null,
            "5d4b84eb2e342d9a0d58b6b4408204a0eedf909921dc721ce196d7bef7d31ed1"),
        of("Euler", "automatic", null,
            "b28f42ff449a8257071e578ec3095c1681aebb77230d9ff053b021d149f9dfc4"),
        of("LMS", "automatic", null,
            "adbf4c73d72910a16d846659d71c460cd92fd32185d97a8a0afce0fab723dc71"),
        of("Heun", "automatic", null,
            "e7c2ee9a9337e5f6f8bf6076d215af3d99b0fa6116ae04118cf6e8d5307704f0"),
        of("DPM2", "automatic", null,
            "ea72e02adeb5772df5a65edb0e0f69182562295b197344379709eb9e1f05ac31"),
        of("DPM2 a", "automatic", null,
            "16abc225ff20d8cdb7df16a640708ea29e8d701e2f264e2eddb5a923634e16f9"),
        of("DDIM", "automatic", null,
            "693574e614a3fdb9b9dee83bb0aaa4be90bd9c7a1645c2e56d87f9bebd539423"),
        of("PLMS", "automatic", null,
            "744300cf99ae043af001e4ff43983373e87d81b0a31580993b97d3f6cbf14549"),
        of("UniPC", "automatic", null,
            "d80d14937f5b0c233d9f27b2161a7cafc8ad140a31dc064d11f942785306e875"),
        of("LCM", "automatic", null,
            "2a545cd11d01e37a247e41f0182ad54983343fa5fc9c149ecf1ca8daf9d2ba3e"),
        // option and schedule variants
        of("Euler", "karras", CHURN,
            "5d3bafb2085f71941653c74803b9635ce5c9f65e3435d07e489f690c5d138223"),
        of("Heun", "exponential", CHURN,
            "b94c8dd393267a2868340d560d533a15c782f33de63f9c9cab05a06ae66cbb4c"),
        of("DPM2", "karras", CHURN,
            "5da5c274f109bc364ef59888ad91bc780d106251170c1cbb2144817d40d00107"),
        of("Euler a", "karras", SamplerOptions.DEFAULTS.withEta(0.5),
            "d47a6accf8d0a74d063c46ad13456083f1bdc2e40349134da2b5e326b006ca98"),
        of("DDIM", "automatic", SamplerOptions.DEFAULTS.withEta(1.0),
            "7f9194df220dc5eabcffe8d5eacb8ea89f349e188ae5de13fd05acdef8fd80db"),
        of("DPM2 a", "karras", new SamplerOptions(0.7, 0, 0, Double.POSITIVE_INFINITY, 0.95),
            "7a6d3f10bb0698006eb453a7b2aa3fedac15dc3fee78a68945379f0031eacbd4"),
        of("DPM++ 2S a", "exponential", SamplerOptions.DEFAULTS.withEta(0.5),
            "a6c1dd07e66c863caf9eb6e494eee97d8b42a063b80b446d08a95db3039bd333"),
        of("DPM++ SDE", "exponential", new SamplerOptions(0.5, 0, 0, Double.POSITIVE_INFINITY, 0.9),
            "9042f0fa9cc057b60586a76724cfb57f11cbeb16cc5bbd3a4298bda0d90dc300"),
        of("DPM++ 2M SDE", "karras", SamplerOptions.DEFAULTS.withEta(0.0),
            "93450dbf5c7a0cd52e85a4a22df5adacf7add15c3d83c132a4bf889948b81d33"),
        of("DPM++ 3M SDE", "karras", SamplerOptions.DEFAULTS.withEta(0.6),
            "b2ef5313194b0a2b84bb4d8b6e334f6b95f6ad01bd4213d93bee631df2c45223"),
        of("LMS", "karras", null,
            "87f97b3719e95fdae7d23e92aec760dbd4c85bced41123702d85aed02b168347"),
        of("DPM++ 2M", "exponential", null,
            "47bc2f7a59157093b2a836bd1f6261c995bc645d84f94a82c1156b0d6dca6fd8"),
        of("LCM", "karras", null,
            "09b5abeb7a961cd2845b53441bd8806082979dce3d21b2def3f6c5da42966546"));
  }

  private static Arguments of(String sampler, String scheduler, SamplerOptions options, String sha256) {
    return Arguments.of(sampler, scheduler, options, sha256);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void finalLatentIsBitIdenticalToTheRecordedOne(String sampler, String scheduler, SamplerOptions options,
      String sha256) {
    assertThat(sha256(sample(sampler, scheduler, options, false))).isEqualTo(sha256);
  }

  /** The caller owns the array it passes to {@code accept}: overwriting it after the call must not change the run. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void resultIsTheSameWhenTheDenoisedArrayIsReusedAndOverwrittenAfterEachCall(String sampler, String scheduler,
      SamplerOptions options, String sha256) {
    assertThat(sha256(sample(sampler, scheduler, options, true))).isEqualTo(sha256);
  }

  static float[] sample(String samplerName, String scheduler, SamplerOptions options, boolean reuseDenoised) {
    SamplerChoice choice = SamplerCatalog.resolve(samplerName, null, scheduler);
    Sampler sampler = choice.sampler().sampler();
    SamplerSchedule schedule = choice.schedule(STEPS, MODEL);
    float[] mu = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      mu[i] = (float) Math.sin(i);
    }
    GaussianData data = new GaussianData(mu, 0.8);
    float[] z = new NvGenerator(1).next(SIZE);
    double scale = sampler.initialNoiseScale(schedule.sigmas()[0]);
    float[] x = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      x[i] = (float) (z[i] * scale);
    }
    SamplerOptions o = options != null ? options : SamplerOptions.DEFAULTS.withEta(sampler.defaultEta());
    SamplerRun run = sampler.start(x, schedule, new NvGenerator(7), o);
    if (!reuseDenoised) {
      return data.sample(run);
    }
    float[] denoised = new float[SIZE];
    while (!run.isDone()) {
      System.arraycopy(data.denoise(run.input(), run.sigma()), 0, denoised, 0, SIZE);
      run.accept(denoised);
      Arrays.fill(denoised, Float.NaN);
    }
    return run.latent();
  }

  static String sha256(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
    for (float v : values) {
      bytes.putInt(Float.floatToRawIntBits(v));
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
