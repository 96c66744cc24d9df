package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.prompt.PromptSchedule;
import io.sdnest.inference.engine.prompt.PromptScheduler;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.CondPadding;
import io.sdnest.inference.engine.text.PromptConditioner;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a prompt pair for one sampling pass: both prompts' schedules (prompt editing, alternation), the shorter side
 * padded with the empty prompt's conditioning to the longer one's token length so cond and uncond share a UNet call.
 */
final class PromptEncoder {

  private final PromptConditioner conditioner;
  private FloatTensor empty;

  PromptEncoder(PromptConditioner conditioner) {
    this.conditioner = conditioner;
  }

  /**
   * @param hiresSteps null for a first pass; else the second pass's steps, with the schedule counted on from
   *                   {@code steps} as A1111 does
   */
  Conditioning encode(String prompt, String negativePrompt, int steps, Integer hiresSteps, String promptField,
      String negativeField) {
    List<ScheduledConditioning> cond = encodeSchedule(prompt, steps, hiresSteps, promptField);
    List<ScheduledConditioning> uncond = encodeSchedule(negativePrompt, steps, hiresSteps, negativeField);
    if (cond.get(0).cond().dim(1) == uncond.get(0).cond().dim(1)) {
      return new Conditioning(cond, uncond);
    }
    if (empty == null) {
      empty = conditioner.encode("");
    }
    FloatTensor c0 = cond.get(0).cond();
    FloatTensor u0 = uncond.get(0).cond();
    List<ScheduledConditioning> paddedCond = new ArrayList<>();
    for (ScheduledConditioning c : cond) {
      paddedCond.add(new ScheduledConditioning(c.endAtStep(), CondPadding.padWithEmptyPrompt(c.cond(), u0, empty).cond()));
    }
    List<ScheduledConditioning> paddedUncond = new ArrayList<>();
    for (ScheduledConditioning u : uncond) {
      paddedUncond.add(new ScheduledConditioning(u.endAtStep(),
          CondPadding.padWithEmptyPrompt(c0, u.cond(), empty).uncond()));
    }
    return new Conditioning(paddedCond, paddedUncond);
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
