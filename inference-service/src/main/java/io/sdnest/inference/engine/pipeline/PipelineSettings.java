package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.text.ConditionerOptions;
import java.util.random.RandomGenerator;

/**
 * Engine options that are not part of a request.
 *
 * @param conditioner emphasis, comma backtrack and prompt length limit (clip skip comes from each request)
 * @param maxUnetRows rows per UNet call
 * @param seeds       draws the seed of requests that ask for a random one (−1)
 */
public record PipelineSettings(ConditionerOptions conditioner, int maxUnetRows, RandomGenerator seeds) {

  public static PipelineSettings defaults() {
    return new PipelineSettings(ConditionerOptions.defaults(), 16, new java.security.SecureRandom());
  }
}
