package io.sdnest.inference.engine.prompt;

/** The prompt text to use up to and including step {@code endAtStep}. */
public record PromptSchedule(int endAtStep, String text) {
}
