package io.sdnest.inference.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxJavaType;
import io.sdnest.inference.engine.demo.DemoVariant.TimestepKind;
import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.onnx.Fp16;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.onnx.OnnxTextEncoder;
import io.sdnest.inference.engine.onnx.OnnxUnet;
import io.sdnest.inference.engine.onnx.OnnxVaeDecoder;
import io.sdnest.inference.engine.onnx.OnnxVaeEncoder;
import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every demo variant's graphs on ONNX Runtime and checks them against the closed forms they were built for. */
class DemoModelsTest {

  private static final OnnxSessionFactory SESSIONS = OnnxSessionFactory.cpu();
  private static final DemoPipelineGenerator GENERATOR = new DemoPipelineGenerator();

  @TempDir
  Path dir;

  static Stream<DemoVariant> variants() {
    DemoVariant std = DemoVariant.standard();
    return Stream.of(
        std,
        std.withIds(DemoVariant.IdsType.INT32).withTimestep(TimestepKind.INT64_BATCH)
            .withVaeOutput(DemoVariant.VaeOutput.LATENT_SAMPLE).withWeights(DemoVariant.Weights.WEIGHTS_PB).withHiddenStates(false),
        std.withIds(DemoVariant.IdsType.INT32).withTimestep(TimestepKind.FLOAT_BATCH).withWeights(DemoVariant.Weights.INLINE),
        std.withTimestep(TimestepKind.FLOAT_ONE),
        std.withFp16(true),
        std.withFp16(true).withTimestep(TimestepKind.FLOAT_BATCH),
        std.withVPrediction(true),
        std.withInpainting(true).withTimestep(TimestepKind.FLOAT_BATCH));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void unetPredictsTheExactNoiseOfTheGaussianLatentDistribution(DemoVariant variant) throws Exception {
    GENERATOR.write(dir, variant);
    try (OnnxUnet unet = new OnnxUnet(SESSIONS, dir.resolve("unet/model.onnx"))) {
      assertThat(unet.inChannels()).isEqualTo(variant.inpainting() ? 9 : 4);
      assertThat(unet.isFp16()).isEqualTo(variant.fp16());
      Random rnd = new Random(7);
      int batch = 3;
      int c = unet.inChannels();
      int h = 2;
      int w = 3;
      int seq = 77;
      float[] sample = gaussian(rnd, batch * c * h * w, 1.0);
      float[] context = gaussian(rnd, batch * seq * DemoMath.HIDDEN, 0.05);
      double[] timesteps = new double[batch];
      boolean sameT = !unet.perRowTimesteps();
      for (int b = 0; b < batch; b++) {
        timesteps[b] = sameT ? 431.37 : new double[] {999, 500.5, 3.25}[b];
      }
      if (variant.fp16()) {
        roundToHalf(sample);
        roundToHalf(context);
      }
      FloatTensor out = unet.predict(new FloatTensor(sample, new long[] {batch, c, h, w}), timesteps,
          new FloatTensor(context, new long[] {batch, seq, DemoMath.HIDDEN}));
      assertThat(out.shape()).containsExactly(batch, 4, h, w);

      double s2 = DemoMath.SPREAD * DemoMath.SPREAD;
      double[] grey = DemoMath.greyLatent();
      for (int b = 0; b < batch; b++) {
        double t = timesteps[b];
        if (variant.fp16()) {
          t = Fp16.toFloat(Fp16.fromFloat((float) t));
        }
        double sigma = variant.timestep() == TimestepKind.INT64_BATCH ? DemoMath.sigmas()[(int) Math.round(t)] : DemoMath.sigmaAt(t);
        double root = Math.sqrt(sigma * sigma + 1);
        for (int ch = 0; ch < 4; ch++) {
          double mu = grey[ch];
          for (int i = 0; i < seq; i++) {
            mu += context[(b * seq + i) * DemoMath.HIDDEN + ch];
          }
          for (int p = 0; p < h * w; p++) {
            double y = sample[(b * c + ch) * h * w + p];
            double xSigma = y * root;
            double eps = sigma * (xSigma - mu) / (s2 + sigma * sigma);
            double expected = eps;
            if (variant.vPrediction()) {
              double denoised = (s2 * xSigma + sigma * sigma * mu) / (s2 + sigma * sigma);
              expected = (eps - sigma * denoised) / root;
            }
            double tol = variant.fp16() ? 2e-3 + 2e-3 * Math.abs(expected) : 1e-4 + 1e-4 * Math.abs(expected);
            assertThat((double) out.data()[(b * 4 + ch) * h * w + p]).as("row %d ch %d px %d", b, ch, p).isCloseTo(expected, within(tol));
          }
        }
      }
    }
  }

  @Test
  void unetWithOneTimestepPerCallRefusesMixedTimesteps() throws Exception {
    GENERATOR.write(dir, DemoVariant.standard());
    try (OnnxUnet unet = new OnnxUnet(SESSIONS, dir.resolve("unet/model.onnx"))) {
      assertThat(unet.perRowTimesteps()).isFalse();
      assertThat(unet.timestepRank()).isZero();
      FloatTensor sample = FloatTensor.zeros(2, 4, 1, 1);
      FloatTensor context = FloatTensor.zeros(2, 77, DemoMath.HIDDEN);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> unet.predict(sample, new double[] {10, 20}, context))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one timestep per call");
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void textEncoderCarriesColourWordsIntoTheLatentMean(DemoVariant variant) throws Exception {
    GENERATOR.write(dir, variant);
    DemoVocabulary vocab = GENERATOR.vocabulary();
    try (OnnxTextEncoder te = new OnnxTextEncoder(SESSIONS, dir.resolve("text_encoder/model.onnx"), 0)) {
      assertThat(te.idsType()).isEqualTo(variant.ids() == DemoVariant.IdsType.INT32 ? OnnxJavaType.INT32 : OnnxJavaType.INT64);
      assertThat(te.hiddenSize()).isEqualTo(DemoMath.HIDDEN);
      assertThat(te.exposesHiddenStates()).isEqualTo(variant.hiddenStates());
      int[] red = frame(vocab, vocab.wordId("a"), vocab.wordId("red"), vocab.wordId("car"));
      int[] empty = frame(vocab);
      FloatTensor out = te.encode(new int[][] {red, empty}, 1);
      assertThat(out.shape()).containsExactly(2, 77, DemoMath.HIDDEN);
      double tol = variant.fp16() ? 2e-3 : 1e-5;
      float[] e = DemoTextEncoderGraph.tokenEmbedding(vocab);
      for (int pos = 0; pos < 77; pos++) {
        for (int d = 0; d < DemoMath.HIDDEN; d++) {
          double gains = DemoMath.LAYER_GAIN[0][d < 4 ? 0 : 1] * DemoMath.LAYER_GAIN[1][d < 4 ? 0 : 1];
          double expected = (e[red[pos] * DemoMath.HIDDEN + d] + DemoMath.positionFeature(pos, d)) * gains;
          assertThat((double) out.data()[pos * DemoMath.HIDDEN + d]).isCloseTo(expected, within(tol));
        }
      }
      double[] redRgb = DemoMath.colours().get("red");
      double[] target = DemoMath.latentOf(redRgb);
      double[] grey = DemoMath.greyLatent();
      for (int ch = 0; ch < 4; ch++) {
        double muRed = grey[ch];
        double muEmpty = grey[ch];
        for (int pos = 0; pos < 77; pos++) {
          muRed += out.data()[pos * DemoMath.HIDDEN + ch];
          muEmpty += out.data()[(77 + pos) * DemoMath.HIDDEN + ch];
        }
        assertThat(muRed).as("μ(a red car) is red's latent").isCloseTo(target[ch], within(10 * tol));
        assertThat(muEmpty).as("μ(empty) is grey").isCloseTo(grey[ch], within(10 * tol));
      }
      if (variant.hiddenStates()) {
        assertThat(te.maxClipSkip()).isEqualTo(3);
        FloatTensor skip2 = te.encode(new int[][] {red}, 2);
        int redPos = 2;
        assertThat((double) skip2.data()[redPos * DemoMath.HIDDEN])
            .isCloseTo(DemoMath.colourEmbedding(redRgb)[0] * DemoMath.LAYER_GAIN[0][0], within(tol));
      } else {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> te.encode(new int[][] {red}, 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden states");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void vaeDecodeOfEncodeReturnsImagesConstantOnBlocks(DemoVariant variant) throws Exception {
    GENERATOR.write(dir, variant);
    try (OnnxVaeEncoder enc = new OnnxVaeEncoder(SESSIONS, dir.resolve("vae_encoder/model.onnx"));
         OnnxVaeDecoder dec = new OnnxVaeDecoder(SESSIONS, dir.resolve("vae_decoder/model.onnx"))) {
      assertThat(enc.returnsParameters()).isEqualTo(variant.vaeOutput() == DemoVariant.VaeOutput.LATENT_PARAMETERS);
      Random rnd = new Random(3);
      int batch = 2;
      int hb = 3;
      int wb = 2;
      float[] img = new float[batch * 3 * hb * 8 * wb * 8];
      for (int b = 0; b < batch; b++) {
        for (int ch = 0; ch < 3; ch++) {
          for (int by = 0; by < hb; by++) {
            for (int bx = 0; bx < wb; bx++) {
              float v = (float) (rnd.nextDouble() * 1.8 - 0.9);
              if (variant.fp16()) {
                v = Fp16.toFloat(Fp16.fromFloat(v));
              }
              for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                  img[((b * 3 + ch) * hb * 8 + by * 8 + y) * wb * 8 + bx * 8 + x] = v;
                }
              }
            }
          }
        }
      }
      NoiseSource noise = n -> gaussian(new Random(n), n, 1.0);
      FloatTensor z = enc.encode(new FloatTensor(img, new long[] {batch, 3, hb * 8, wb * 8}), List.of(noise, noise));
      assertThat(z.shape()).containsExactly(batch, 4, hb, wb);
      FloatTensor back = dec.decode(z);
      assertThat(back.shape()).containsExactly(batch, 3, hb * 8, wb * 8);
      double tol = variant.fp16() ? 1e-2 : 1e-4;
      for (int i = 0; i < img.length; i++) {
        assertThat((double) back.data()[i]).as("pixel %d", i).isCloseTo(img[i], within(tol));
      }
    }
  }

  private static int[] frame(DemoVocabulary vocab, int... words) {
    int[] ids = new int[77];
    java.util.Arrays.fill(ids, vocab.eos());
    ids[0] = vocab.bos();
    System.arraycopy(words, 0, ids, 1, words.length);
    return ids;
  }

  private static float[] gaussian(Random rnd, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextGaussian() * scale);
    }
    return v;
  }

  private static void roundToHalf(float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = Fp16.toFloat(Fp16.fromFloat(v[i]));
    }
  }
}
