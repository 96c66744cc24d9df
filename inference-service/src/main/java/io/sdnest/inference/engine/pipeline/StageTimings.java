package io.sdnest.inference.engine.pipeline;

/** Wall-clock nanoseconds a request spent per stage (text = tokenize + text encoder). */
public record StageTimings(long textNanos, long denoiseNanos, long decodeNanos, long encodeNanos, long otherNanos) {
}
