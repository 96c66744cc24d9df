package io.sdnest.inference.engine.pipeline;

/** How one generation reaches the device: who denoises its jobs and where its encoder and VAE calls run. */
public record Execution(Denoiser denoiser, DeviceCalls device) {
}
