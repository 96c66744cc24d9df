package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.infotext.GenerationInfo;
import java.util.List;

/**
 * What a request produced: images in generation order and the info object behind A1111's {@code info}.
 *
 * @param interrupted whether an interrupt stopped the request early (the images are then those made so far)
 */
public record GenerationResult(List<GeneratedImage> images, GenerationInfo info, boolean interrupted,
                               StageTimings timings) {

  public GenerationResult {
    images = List.copyOf(images);
  }
}
