package io.sdnest.inference.engine.model;

/** The family of a pipeline, which decides how it is conditioned. */
public enum ModelKind {
  /** SD 1.x: CLIP ViT-L text encoder (hidden 768; the demo model's 32 is treated as SD 1.x too). */
  SD1,
  /** SD 2.x: OpenCLIP-H text encoder (hidden 1024). */
  SD2,
  /** SDXL: two text encoders and added conditioning; listed, not loadable yet. */
  SDXL,
  /** Anything else (SD3, Flux, …); listed, not loadable. */
  UNSUPPORTED
}
