package io.sdnest.inference.engine.prompt;

/** One sub-prompt of an {@code AND} composition and the weight its guidance gets. */
public record WeightedPrompt(String text, double weight) {
}
