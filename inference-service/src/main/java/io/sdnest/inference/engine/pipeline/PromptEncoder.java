package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.prompt.MultiCondParser;
import io.sdnest.inference.engine.prompt.PromptSchedule;
import io.sdnest.inference.engine.prompt.PromptScheduler;
import io.sdnest.inference.engine.prompt.WeightedPrompt;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.CondPadding;
import io.sdnest.inference.engine.text.PromptConditioner;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Encodes a prompt pair for one sampling pass as A1111 does: the prompt splits into {@code AND} sub-prompts with
 * weights (the negative prompt does not), each text gets its schedule (prompt editing, alternation) encoded as one
 * batch, sub-prompts of different token lengths are stacked by repeating their last token vector, and then the
 * shorter of prompt and negative prompt is padded with the empty prompt's conditioning so all rows share a UNet call.
 */
final class PromptEncoder {

  private final PromptConditioner conditioner;
  private FloatTensor empty;

  PromptEncoder(PromptConditioner conditioner) {
    this.conditioner = conditioner;
  }

  /**
   * @param steps      the pass's schedule length: A1111's total steps (sampler steps × 2 for second-order samplers)
   * @param hiresSteps null for a first pass; else the second pass's total steps, with the schedule counted on from
   *                   {@code steps} as A1111 does
   */
  Conditioning encode(String prompt, String negativePrompt, int steps, Integer hiresSteps, String promptField,
      String negativeField) {
    List<WeightedPrompt> parts = MultiCondParser.parse(prompt);
    List<List<ScheduledConditioning>> conds = new ArrayList<>(parts.size());
    long tokens = 0;
    for (WeightedPrompt part : parts) {
      List<ScheduledConditioning> schedule = encodeSchedule(part.text(), steps, hiresSteps, promptField);
      conds.add(schedule);
      tokens = Math.max(tokens, schedule.get(0).cond().dim(1));
    }
    long stacked = tokens;
    for (int i = 0; i < conds.size(); i++) {
      conds.set(i, map(conds.get(i), c -> c.dim(1) == stacked ? c : CondPadding.toLength(c, stacked)));
    }
    List<ScheduledConditioning> uncond = encodeSchedule(negativePrompt, steps, hiresSteps, negativeField);
    FloatTensor c0 = conds.get(0).get(0).cond();
    FloatTensor u0 = uncond.get(0).cond();
    if (c0.dim(1) != u0.dim(1)) {
      if (empty == null) {
        empty = conditioner.encode("");
      }
      for (int i = 0; i < conds.size(); i++) {
        conds.set(i, map(conds.get(i), c -> CondPadding.padWithEmptyPrompt(c, u0, empty).cond()));
      }
      uncond = map(uncond, u -> CondPadding.padWithEmptyPrompt(c0, u, empty).uncond());
    }
    List<ComposableCondition> composed = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      composed.add(new ComposableCondition(conds.get(i), parts.get(i).weight()));
    }
    return new Conditioning(composed, uncond);
  }

  private static List<ScheduledConditioning> map(List<ScheduledConditioning> schedule,
      UnaryOperator<FloatTensor> f) {
    List<ScheduledConditioning> out = new ArrayList<>(schedule.size());
    for (ScheduledConditioning s : schedule) {
      out.add(new ScheduledConditioning(s.endAtStep(), f.apply(s.cond())));
    }
    return out;
  }

  private List<ScheduledConditioning> encodeSchedule(String text, int steps, Integer hiresSteps, String field) {
    List<PromptSchedule> schedule = PromptScheduler.schedule(text, steps, hiresSteps, false);
    FloatTensor all = conditioner.encode(schedule.stream().map(PromptSchedule::text).toList(), field);
    List<ScheduledConditioning> out = new ArrayList<>(schedule.size());
    for (int i = 0; i < schedule.size(); i++) {
      out.add(new ScheduledConditioning(schedule.get(i).endAtStep(),
          new FloatTensor(all.row(i), new long[] {1, all.dim(1), all.dim(2)})));
    }
    return out;
  }
}
