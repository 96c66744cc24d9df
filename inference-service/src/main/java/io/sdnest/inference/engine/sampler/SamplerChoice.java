package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.SchedulerCatalog;
import io.sdnest.inference.engine.schedule.SchedulerInfo;

/**
 * A resolved sampler and schedule type, as A1111's {@code get_sampler_and_scheduler} and
 * {@code KDiffusionSampler.get_sigmas} decide them.
 *
 * @param requested the schedule type asked for (possibly Automatic)
 */
public record SamplerChoice(SamplerInfo sampler, SchedulerInfo requested) {

  /** The schedule type actually used: the request's, or for Automatic the sampler's default, else Uniform. */
  public SchedulerInfo effectiveScheduler() {
    if (!requested.isAutomatic()) {
      return requested;
    }
    String fallback = sampler.defaultScheduler() != null ? sampler.defaultScheduler() : "uniform";
    return SchedulerCatalog.find(fallback).orElseThrow();
  }

  /** A1111's infotext "Schedule type", or null when it writes none (model default sigmas, CompVis samplers). */
  public String scheduleTypeLabel() {
    if (sampler.ignoresSchedule() || requested.isAutomatic() && sampler.defaultScheduler() == null) {
      return null;
    }
    return effectiveScheduler().label();
  }

  /** The sigmas (and where fixed, timesteps) for {@code steps} steps, with the penultimate sigma discarded if due. */
  public SamplerSchedule schedule(int steps, ModelSigmas model) {
    boolean discard = sampler.discardsPenultimateSigma();
    SamplerSchedule schedule = sampler.sampler().schedule(steps + (discard ? 1 : 0),
        effectiveScheduler().schedule(), model);
    return discard ? schedule.withoutPenultimate() : schedule;
  }
}
