package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.SigmaSchedule;

/**
 * A1111's timestep ("CompVis") samplers, DDIM and PLMS: they run on A1111's own timesteps whatever the schedule type,
 * and start from x_VP = noise, i.e. x = noise·sqrt(σ_0² + 1) in k-diffusion variables.
 */
abstract class CompVisTimestepSampler implements Sampler {

  @Override
  public SamplerSchedule schedule(int steps, SigmaSchedule type, ModelSigmas model) {
    return CompVisTimesteps.schedule(steps, model);
  }

  @Override
  public double initialNoiseScale(double firstSigma) {
    return Math.sqrt(firstSigma * firstSigma + 1);
  }
}
