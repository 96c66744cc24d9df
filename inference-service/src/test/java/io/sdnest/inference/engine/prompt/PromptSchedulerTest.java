package io.sdnest.inference.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A1111's docstring examples of {@code get_learned_conditioning_prompt_schedules} (10 steps), and the example at the
 * top of {@code prompt_parser.py} (100 steps).
 */
class PromptSchedulerTest {

  private static PromptSchedule s(int end, String text) {
    return new PromptSchedule(end, text);
  }

  private static List<PromptSchedule> g(String prompt) {
    return PromptScheduler.schedule(prompt, 10);
  }

  @Test
  void promptWithoutEditingIsOneEntry() {
    assertThat(g("test")).containsExactly(s(10, "test"));
  }

  @Test
  void addedAfterAStep() {
    assertThat(g("a [b:3]")).containsExactly(s(3, "a "), s(10, "a b"));
    assertThat(g("a [b: 3]")).containsExactly(s(3, "a "), s(10, "a b"));
  }

  @Test
  void emphasisInsideIsKeptForTheAttentionParser() {
    assertThat(g("a [[[b]]:2]")).containsExactly(s(2, "a "), s(10, "a [[b]]"));
    assertThat(g("[(a:2):3]")).containsExactly(s(3, ""), s(10, "(a:2)"));
  }

  @Test
  void replacedAfterAStep() {
    assertThat(g("a [b : c : 1] d")).containsExactly(s(1, "a b  d"), s(10, "a  c  d"));
  }

  @Test
  void nestedEditing() {
    assertThat(g("a[b:[c:d:2]:1]e")).containsExactly(s(1, "abe"), s(2, "ace"), s(10, "ade"));
  }

  @Test
  void unbalancedBracketIsText() {
    assertThat(g("a [unbalanced")).containsExactly(s(10, "a [unbalanced"));
  }

  @Test
  void decimalIsAFractionOfTheSteps() {
    assertThat(g("a [b:.5] c")).containsExactly(s(5, "a  c"), s(10, "a b c"));
  }

  @Test
  void strayBracketsBeforeAnEditAreText() {
    assertThat(g("((a][:b:c [d:3]")).containsExactly(s(3, "((a][:b:c "), s(10, "((a][:b:c d"));
  }

  @Test
  void alternationSwitchesEveryStep() {
    List<PromptSchedule> want = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      want.add(s(i, i % 2 == 1 ? "a" : "(b:1.1)"));
    }
    assertThat(g("[a|(b:1.1)]")).containsExactlyElementsOf(want);
  }

  @Test
  void alternationWithEmptyOptions() {
    List<PromptSchedule> two = new ArrayList<>();
    List<PromptSchedule> four = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      two.add(s(i, i % 2 == 1 ? "female" : "male"));
      four.add(s(i, i % 4 == 1 ? "female" : "male"));
    }
    assertThat(g("[fe|]male")).containsExactlyElementsOf(two);
    assertThat(g("[fe|||]male")).containsExactlyElementsOf(four);
  }

  @Test
  void barOutsideAnAlternationLeavesThePromptUnparsed() {
    // A1111's docstring lists a schedule for this one ("not handling this right now"), but its grammar cannot parse
    // '|' outside an alternation and returns the prompt unchanged (checked with lark 1.1.5); we follow the grammar
    assertThat(g("a [{b|d{:.5] c")).containsExactly(s(10, "a [{b|d{:.5] c"));
    assertThat(g("a | b [c:3]")).containsExactly(s(10, "a | b [c:3]"));
  }

  @Test
  void removedAfterAStep() {
    assertThat(g("a [b::4] c")).containsExactly(s(4, "a b c"), s(10, "a  c"));
  }

  @Test
  void stepBeyondTheEndIsClampedAndZeroNeverShows() {
    assertThat(g("a [b:c:25]")).containsExactly(s(10, "a b"));
    assertThat(g("a [b:c:0]")).containsExactly(s(10, "a c"));
  }

  @Test
  void documentedLandscapeExample() {
    String prompt = "fantasy landscape with a [mountain:lake:0.25] and [an oak:a christmas tree:0.75]"
        + "[ in foreground::0.6][ in background:0.25] [shoddy:masterful:0.5]";

    assertThat(PromptScheduler.schedule(prompt, 100)).containsExactly(
        s(25, "fantasy landscape with a mountain and an oak in foreground shoddy"),
        s(50, "fantasy landscape with a lake and an oak in foreground in background shoddy"),
        s(60, "fantasy landscape with a lake and an oak in foreground in background masterful"),
        s(75, "fantasy landscape with a lake and an oak in background masterful"),
        s(100, "fantasy landscape with a lake and a christmas tree in background masterful"));
  }

  @Test
  void hiresPassCountsOnFromTheFirstPass() {
    // docstring: with 10 base and 10 hires steps, ".5" is over before the second pass and "1.5" is half-way through it
    assertThat(PromptScheduler.schedule("a [b:.5] c", 10, 10, false)).containsExactly(s(10, "a b c"));
    assertThat(PromptScheduler.schedule("a [b:1.5] c", 10, 10, false)).containsExactly(s(5, "a  c"), s(10, "a b c"));
    assertThat(PromptScheduler.schedule("a [b:13] c", 10, 10, false)).containsExactly(s(3, "a  c"), s(10, "a b c"));
  }

  @Test
  void oldSchedulingTakesValuesBelowOneAsFractions() {
    assertThat(PromptScheduler.schedule("a [b:0.5] c", 10, null, true)).containsExactly(s(5, "a  c"), s(10, "a b c"));
    assertThat(PromptScheduler.schedule("a [b:3.0] c", 10, null, true)).containsExactly(s(3, "a  c"), s(10, "a b c"));
    assertThat(PromptScheduler.schedule("a [b:3.0] c", 10, null, false)).containsExactly(s(10, "a  c"));
  }
}
