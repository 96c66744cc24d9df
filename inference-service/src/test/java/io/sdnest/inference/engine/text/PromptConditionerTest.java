package io.sdnest.inference.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.tokenizer.ClipBpeFixture;
import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptConditionerTest {

  private static final int D = FakeTextEncoder.DIM;
  private final ClipTokenizer tokenizer = TinyClipVocabulary.sd1();
  private final FakeTextEncoder encoder = new FakeTextEncoder(false);
  private final int cat = TinyClipVocabulary.id(tokenizer, "cat</w>");
  private final int dog = TinyClipVocabulary.id(tokenizer, "dog</w>");

  private PromptConditioner conditioner(ConditionerOptions options) {
    return new PromptConditioner(encoder, tokenizer, options);
  }

  private PromptConditioner conditioner() {
    return conditioner(ConditionerOptions.defaults());
  }

  private static String words(String word, int n) {
    return IntStream.range(0, n).mapToObj(i -> word).collect(Collectors.joining(" "));
  }

  /** The fake encoder's states for one framed chunk of content ids, unweighted. */
  private float[] unweighted(int... content) {
    float[] z = new float[77 * D];
    for (int t = 0; t < 77; t++) {
      int id = t == 0 ? tokenizer.bosId() : t <= content.length ? content[t - 1] : tokenizer.eosId();
      for (int d = 0; d < D; d++) {
        z[t * D + d] = FakeTextEncoder.state(id, t, d);
      }
    }
    return z;
  }

  private static float[] tokens(FloatTensor t, int row, int from, int count) {
    int rowStart = row * (int) t.dim(1) * D;
    return Arrays.copyOfRange(t.data(), rowStart + from * D, rowStart + (from + count) * D);
  }

  private static double mean(float[] z) {
    double s = 0;
    for (float v : z) {
      s += v;
    }
    return s / z.length;
  }

  @Test
  void shortPromptIsOneChunkOfUnchangedStates() {
    FloatTensor cond = conditioner().encode("cat");

    assertThat(cond.shape()).containsExactly(1, 77, D);
    assertThat(cond.data()).containsExactly(unweighted(cat));
    assertThat(encoder.calls).hasSize(1);
    assertThat(encoder.calls.get(0).ids()[0]).startsWith(tokenizer.bosId(), cat, tokenizer.eosId());
  }

  @Test
  void weightsScaleTheirTokensAndTheMeanIsRestored() {
    FloatTensor cond = conditioner().encode("(cat:1.5) dog");

    float[] base = unweighted(cat, dog);
    float[] weighted = base.clone();
    for (int d = 0; d < D; d++) {
      weighted[D + d] *= 1.5f;
    }
    double restore = mean(base) / mean(weighted);
    for (int i = 0; i < base.length; i++) {
      assertThat(cond.data()[i]).as("value %d", i).isCloseTo((float) (weighted[i] * restore), within(1e-5f));
    }
    assertThat(mean(cond.data())).isCloseTo(mean(base), within(1e-5));
    assertThat(cond.data()[D] / cond.data()[2 * D]).isCloseTo(1.5f * base[D] / base[2 * D], within(1e-5f));
  }

  @Test
  void noNormKeepsTheScaledStatesAndIgnoreKeepsTheOriginals() {
    ConditionerOptions defaults = ConditionerOptions.defaults();
    float[] base = unweighted(cat, dog);

    FloatTensor noNorm = conditioner(new ConditionerOptions(1, Emphasis.NO_NORM, 20, 8)).encode("(cat:2) dog");
    FloatTensor ignore = conditioner(new ConditionerOptions(1, Emphasis.IGNORE, 20, 8)).encode("(cat:2) dog");

    assertThat(noNorm.data()[D]).isEqualTo(2 * base[D]);
    assertThat(noNorm.data()[2 * D]).isEqualTo(base[2 * D]);
    assertThat(ignore.data()).containsExactly(base);
    assertThat(defaults.emphasis()).isEqualTo(Emphasis.ORIGINAL);
  }

  @Test
  void emphasisNoneTakesBracketsAsText() {
    conditioner(new ConditionerOptions(1, Emphasis.NONE, 20, 8)).encode("(cat)");

    int open = TinyClipVocabulary.id(tokenizer, "(</w>");
    int close = TinyClipVocabulary.id(tokenizer, ")</w>");
    assertThat(encoder.calls.get(0).ids()[0]).startsWith(tokenizer.bosId(), open, cat, close, tokenizer.eosId());
  }

  @Test
  void longPromptChunksAreEncodedSeparatelyAndConcatenated() {
    FloatTensor cond = conditioner().encode(words("cat", 80));

    assertThat(cond.shape()).containsExactly(1, 154, D);
    assertThat(encoder.calls).hasSize(2);
    int[] first = new int[75];
    Arrays.fill(first, cat);
    assertThat(tokens(cond, 0, 0, 77)).containsExactly(unweighted(first));
    assertThat(tokens(cond, 0, 77, 77)).containsExactly(unweighted(cat, cat, cat, cat, cat));
  }

  @Test
  void batchPadsShorterTextsWithEmptyChunks() {
    FloatTensor cond = conditioner().encode(List.of("dog", words("cat", 80)), "prompt");

    assertThat(cond.shape()).containsExactly(2, 154, D);
    assertThat(tokens(cond, 0, 0, 77)).containsExactly(unweighted(dog));
    assertThat(tokens(cond, 0, 77, 77)).containsExactly(unweighted());
    assertThat(encoder.calls).hasSize(2).allSatisfy(call -> assertThat(call.ids()).hasNumberOfRows(2));
  }

  @Test
  void tooManyChunksIsAValidationErrorNamingTheField() {
    PromptConditioner limited = conditioner(new ConditionerOptions(1, Emphasis.ORIGINAL, 20, 1));

    assertThatThrownBy(() -> limited.encode(words("cat", 80)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("prompt"))
        .hasMessageContaining("2 chunks").hasMessageContaining("limit is 1");
    assertThatThrownBy(() -> limited.encode(List.of(words("cat", 80)), "negative_prompt"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("negative_prompt"));
    assertThat(encoder.calls).isEmpty();
  }

  @Test
  void badEmphasisWeightIsAValidationError() {
    assertThatThrownBy(() -> conditioner().encode("(cat:1.2.3)"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("prompt"));
  }

  @Test
  void clipSkipNeedsAnEncoderWithHiddenStates() {
    assertThatThrownBy(() -> conditioner(ConditionerOptions.defaults().withClipSkip(2)).encode("cat"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("CLIP_stop_at_last_layers"))
        .hasMessageContaining("clip skip 2");

    FakeTextEncoder withStates = new FakeTextEncoder(true);
    new PromptConditioner(withStates, tokenizer, ConditionerOptions.defaults().withClipSkip(2)).encode("cat");
    assertThat(withStates.calls.get(0).clipSkip()).isEqualTo(2);
  }

  @Test
  void sd2PadsAfterTheFirstEosWithItsPadToken() {
    ClipTokenizer sd2 = TinyClipVocabulary.tokenizer("!");
    new PromptConditioner(encoder, sd2, ConditionerOptions.defaults()).encode("cat");

    int[] ids = encoder.calls.get(0).ids()[0];
    assertThat(ids).startsWith(sd2.bosId(), cat, sd2.eosId(), 0, 0);
    assertThat(Arrays.copyOfRange(ids, 3, 77)).containsOnly(0);
  }

  @Test
  void scheduleEncodesAllTextsInOneBatchAndSwitchesByStep() {
    List<ScheduledConditioning> schedule = conditioner().encodeSchedule("[cat:dog:2]", 10, "prompt");

    assertThat(schedule).extracting(ScheduledConditioning::endAtStep).containsExactly(2, 10);
    assertThat(encoder.calls).hasSize(1);
    assertThat(encoder.calls.get(0).ids()).hasNumberOfRows(2);
    assertThat(ScheduledConditioning.at(schedule, 0).data()).containsExactly(unweighted(cat));
    assertThat(ScheduledConditioning.at(schedule, 2).data()).containsExactly(unweighted(cat));
    assertThat(ScheduledConditioning.at(schedule, 3).data()).containsExactly(unweighted(dog));
    assertThat(ScheduledConditioning.at(schedule, 3).shape()).containsExactly(1, 77, D);
  }

  @Test
  void realClipVocabularyFramesEachChunkWithTheVerifiedIds() {
    ClipTokenizer clip = ClipBpeFixture.sd1Tokenizer();
    new PromptConditioner(encoder, clip, ConditionerOptions.defaults()).encode("(a photo of a cat:1.2) BREAK hello world");

    assertThat(encoder.calls).hasSize(2);
    assertThat(encoder.calls.get(0).ids()[0]).startsWith(49406, 320, 1125, 539, 320, 2368, 49407, 49407);
    assertThat(encoder.calls.get(1).ids()[0]).startsWith(49406, 3306, 1002, 49407, 49407);
  }
}
