package io.sdnest.inference.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.noise.NvGenerator;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * The demo's text encoder, VAE decoder and VAE encoder run merged: every part gets exactly the floats it gets alone,
 * parts are only merged with the same model and shape, and a merged call's output goes back in part order.
 */
class MergeableCallsTest {

  @TempDir
  static Path dir;
  static LoadedPipeline model;
  static int vocabularySize;

  @BeforeAll
  static void load() {
    StableDiffusionPipeline pipeline = DemoPipelines.load(dir, DemoVariant.standard());
    model = pipeline.model();
    vocabularySize = pipeline.tokenizer().vocabularySize();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static FloatTensor values(long seed, long... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    float[] noise = new NvGenerator(seed).next(t.data().length);
    System.arraycopy(noise, 0, t.data(), 0, noise.length);
    return t;
  }

  private static int[][] tokens(int rows, int offset) {
    int[][] ids = new int[rows][77];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < 77; i++) {
        ids[r][i] = (17 * i + 31 * r + offset) % vocabularySize;
      }
    }
    return ids;
  }

  private static <P, R> void assertMergedEqualsAlone(MergeableCall<P, R> call, List<P> parts) {
    assertThat(parts.stream().map(call::key).distinct()).as("the parts may share a call").hasSize(1);
    List<R> merged = call.run(parts);
    List<R> alone = DeviceCalls.DIRECT.run(call, parts);
    assertThat(merged).hasSameSizeAs(parts);
    for (int i = 0; i < parts.size(); i++) {
      FloatTensor m = (FloatTensor) merged.get(i);
      FloatTensor a = (FloatTensor) alone.get(i);
      assertThat(m.shape()).as("part %d", i).containsExactly(a.shape());
      assertThat(m.data()).as("part %d", i).containsExactly(a.data());
    }
  }

  @Test
  void textEncoderRowsMergedGetTheStatesTheyGetAloneAtEveryClipSkip() {
    for (int clipSkip : new int[] {1, 2}) {
      assertMergedEqualsAlone(TextEncoderCall.INSTANCE, List.of(
          new TextEncoderCall.Tokens(model.textEncoder(), tokens(1, 0), clipSkip),
          new TextEncoderCall.Tokens(model.textEncoder(), tokens(3, 5), clipSkip),
          new TextEncoderCall.Tokens(model.textEncoder(), tokens(2, 9), clipSkip)));
    }
  }

  @Test
  void vaeDecoderImagesMergedGetThePixelsTheyGetAlone() {
    List<VaeDecodeCall.Latents> parts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      parts.add(new VaeDecodeCall.Latents(model.vaeDecoder(), values(i, i == 2 ? 2 : 1, 4, 8, 10)));
    }
    assertMergedEqualsAlone(VaeDecodeCall.INSTANCE, parts);
  }

  @Test
  void vaeEncoderImagesMergedAreSampledWithTheirOwnNoise() {
    var encoder = model.vaeEncoder().orElseThrow();
    List<VaeEncodeCall.Images> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parts.add(new VaeEncodeCall.Images(encoder, values(10 + i, 1, 3, 64, 48), List.of(new NvGenerator(i))));
    }
    // the noise sources are consumed by a run: fresh ones for the merged call
    List<VaeEncodeCall.Images> again = parts.stream().map(p -> new VaeEncodeCall.Images(encoder, p.images(),
        List.of(new NvGenerator(parts.indexOf(p))))).toList();
    List<FloatTensor> merged = VaeEncodeCall.INSTANCE.run(again);
    List<FloatTensor> alone = DeviceCalls.DIRECT.run(VaeEncodeCall.INSTANCE, parts);
    for (int i = 0; i < parts.size(); i++) {
      assertThat(merged.get(i).shape()).containsExactly(1, 4, 8, 6);
      assertThat(merged.get(i).data()).as("image %d", i).containsExactly(alone.get(i).data());
    }
    assertThat(merged.get(0).data()).isNotEqualTo(merged.get(1).data());
  }

  @Test
  void partsOfDifferentShapesOrClipSkipHaveDifferentKeys() {
    var te = model.textEncoder();
    assertThat(TextEncoderCall.INSTANCE.key(new TextEncoderCall.Tokens(te, tokens(1, 0), 1)))
        .isEqualTo(TextEncoderCall.INSTANCE.key(new TextEncoderCall.Tokens(te, tokens(4, 2), 1)))
        .isNotEqualTo(TextEncoderCall.INSTANCE.key(new TextEncoderCall.Tokens(te, tokens(1, 0), 2)));
    var dec = model.vaeDecoder();
    assertThat(VaeDecodeCall.INSTANCE.key(new VaeDecodeCall.Latents(dec, values(1, 1, 4, 8, 8))))
        .isEqualTo(VaeDecodeCall.INSTANCE.key(new VaeDecodeCall.Latents(dec, values(2, 3, 4, 8, 8))))
        .isNotEqualTo(VaeDecodeCall.INSTANCE.key(new VaeDecodeCall.Latents(dec, values(1, 1, 4, 8, 10))));
  }

  @Test
  void aMergedOutputOfTheWrongRowCountIsAnError() {
    assertThatThrownBy(() -> MergedRows.split(FloatTensor.zeros(3, 2), List.of(1, 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 rows");
  }
}
