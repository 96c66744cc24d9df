package io.sdnest.inference.engine.sampler;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code GET /sdapi/v1/samplers}: A1111's name, aliases and options (as the API shows them, booleans as
 * "True"), and the implementation.
 *
 * @param ignoresSchedule true for A1111's CompVis samplers (DDIM, PLMS, UniPC), which use their own timesteps
 */
public record SamplerInfo(String name, List<String> aliases, Map<String, String> options, Sampler sampler,
    boolean ignoresSchedule) {

  /** The schedule type "Automatic" means for this sampler, e.g. "karras" for DPM++ 2M; null for the model's own. */
  public String defaultScheduler() {
    return options.get("scheduler");
  }

  /** A1111's {@code uses_ensd}: the infotext names ENSD for this sampler. */
  public boolean usesEnsd() {
    return "True".equals(options.get("uses_ensd"));
  }

  /** A1111's {@code brownian_noise}: its noise sampler is seeded with the image seed, ENSD does not apply. */
  public boolean usesBrownianNoise() {
    return "True".equals(options.get("brownian_noise"));
  }

  /**
   * A1111's {@code total_steps}: the length prompt schedules are resolved against, twice the steps for
   * {@code second_order} samplers, whose CFG denoiser is called about twice per step.
   */
  public int totalSteps(int steps) {
    return "True".equals(options.get("second_order")) ? steps * 2 : steps;
  }

  public boolean discardsPenultimateSigma() {
    return "True".equals(options.get("discard_next_to_last_sigma"));
  }
}
