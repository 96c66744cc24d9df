package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.tensor.FloatTensor;
import java.util.List;

/** The conditioning {@code [1, tokens, dim]} to use up to and including step {@code endAtStep}. */
public record ScheduledConditioning(int endAtStep, FloatTensor cond) {

  /**
   * The entry in force at {@code step}, as A1111's {@code reconstruct_cond_batch} picks it: the first whose end is
   * not before the step, else the first entry.
   *
   * @param step A1111's denoiser step counter, which starts at 0
   */
  public static FloatTensor at(List<ScheduledConditioning> schedule, int step) {
    for (ScheduledConditioning entry : schedule) {
      if (step <= entry.endAtStep()) {
        return entry.cond();
      }
    }
    return schedule.get(0).cond();
  }
}
