package io.sdnest.inference.engine.demo;

/**
 * Which row of the exporter matrix ({@code onnx-sd.md} §2.1) a generated demo pipeline imitates.
 *
 * @param ids          dtype of the text encoder's {@code input_ids}
 * @param timestep     dtype and shape of the UNet's {@code timestep}
 * @param fp16         every float input and output in float16 (as ORT's fp16 conversion with keep_io_types=False)
 * @param vaeOutput    the VAE encoder's output
 * @param inpainting   a 9-channel inpainting UNet
 * @param vPrediction  {@code prediction_type: v_prediction} (SD 2.x 768-v style) instead of epsilon
 * @param hiddenStates the text encoder also returns {@code hidden_states.0..2} (clip skip)
 * @param weights      where the UNet's weights live
 * @param sdxl         an SDXL-looking folder (second text encoder, added-conditioning UNet inputs), which is refused
 * @param complement   colour words make their complementary colour: another "fine-tune" of the same architecture, whose
 *                     images of colour prompts differ from the shipped demo's
 */
public record DemoVariant(IdsType ids, TimestepKind timestep, boolean fp16, VaeOutput vaeOutput, boolean inpainting,
                          boolean vPrediction, boolean hiddenStates, Weights weights, boolean sdxl, boolean complement) {

  public enum IdsType { INT32, INT64 }

  public enum TimestepKind {
    /** int64 {@code [batch]} (diffusers script ≤ 0.7, Optimum ≤ 1.23 with a free "steps" axis). */
    INT64_BATCH,
    /** float {@code [batch]} (diffusers script ≥ 0.8). */
    FLOAT_BATCH,
    /** float {@code [1]}. */
    FLOAT_ONE,
    /** float scalar, rank 0 (Optimum ≥ 1.24). */
    FLOAT_SCALAR
  }

  public enum VaeOutput { LATENT_PARAMETERS, LATENT_SAMPLE }

  public enum Weights {
    /** UNet weights in {@code unet/model.onnx_data} (Optimum). */
    ONNX_DATA,
    /** UNet weights in {@code unet/weights.pb} (diffusers' legacy script; no VAE config.json either). */
    WEIGHTS_PB,
    /** All weights inside {@code model.onnx}. */
    INLINE
  }

  /** The shipped demo: an Optimum ≥ 1.24 SD 1.5 export (int64 ids, float scalar timestep, latent_parameters). */
  public static DemoVariant standard() {
    return new DemoVariant(IdsType.INT64, TimestepKind.FLOAT_SCALAR, false, VaeOutput.LATENT_PARAMETERS, false, false,
        true, Weights.ONNX_DATA, false, false);
  }

  public DemoVariant withIds(IdsType v) {
    return new DemoVariant(v, timestep, fp16, vaeOutput, inpainting, vPrediction, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withTimestep(TimestepKind v) {
    return new DemoVariant(ids, v, fp16, vaeOutput, inpainting, vPrediction, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withFp16(boolean v) {
    return new DemoVariant(ids, timestep, v, vaeOutput, inpainting, vPrediction, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withVaeOutput(VaeOutput v) {
    return new DemoVariant(ids, timestep, fp16, v, inpainting, vPrediction, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withInpainting(boolean v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, v, vPrediction, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withVPrediction(boolean v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, inpainting, v, hiddenStates, weights, sdxl, complement);
  }

  public DemoVariant withHiddenStates(boolean v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, inpainting, vPrediction, v, weights, sdxl, complement);
  }

  public DemoVariant withWeights(Weights v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, inpainting, vPrediction, hiddenStates, v, sdxl, complement);
  }

  public DemoVariant withSdxl(boolean v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, inpainting, vPrediction, hiddenStates, weights, v, complement);
  }

  public DemoVariant withComplement(boolean v) {
    return new DemoVariant(ids, timestep, fp16, vaeOutput, inpainting, vPrediction, hiddenStates, weights, sdxl, v);
  }
}
