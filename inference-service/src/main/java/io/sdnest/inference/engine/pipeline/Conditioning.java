package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.util.List;

/**
 * A prompt's sub-prompts ({@code AND}) and its negative prompt's scheduled conditionings, all of one token length.
 */
record Conditioning(List<ComposableCondition> conds, List<ScheduledConditioning> uncond) {
}
