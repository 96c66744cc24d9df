package io.sdnest.inference.engine.demo;

import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The demo VAE. Decoder: RGB = (scalingFactor·A)·u + b per latent pixel (u = latents / scalingFactor), then 8× nearest
 * upsampling. Encoder: 8×8 average, then mean u = (A⁺/scalingFactor)(rgb − b); {@code latent_parameters} adds a
 * log-variance of −30 (σ ≈ 3·10⁻⁷), {@code latent_sample} returns the mean itself.
 */
final class DemoVaeGraphs {

  static final float LOGVAR = -30f;

  private DemoVaeGraphs() {
  }

  static OnnxMl.ModelProto decoder(DataType f) {
    DemoGraph g = new DemoGraph();
    ONNXRef<?> latents = g.input("latent_sample", f, "batch", 4L, "latent_height", "latent_width");
    float[] w = new float[3 * 4];
    for (int o = 0; o < 3; o++) {
      for (int i = 0; i < 4; i++) {
        w[o * 4 + i] = (float) (DemoMath.SCALING_FACTOR * DemoMath.A[o][i]);
      }
    }
    ONNXRef<?> rgb = g.op(OnnxOps.CONV, "to_rgb", Map.of("kernel_shape", new int[] {1, 1}),
        g.toFloat(latents, f), g.floats("dec_weight", w, 3, 4, 1, 1), g.floats("dec_bias", DemoUnetGraph.toFloats(DemoMath.B), 3));
    ONNXRef<?> up = g.op(OnnxOps.RESIZE, "upsample",
        Map.of("mode", "nearest", "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"),
        rgb, g.floats("roi", new float[0], 0), g.floats("scales", new float[] {1, 1, 8, 8}, 4));
    g.output("sample", g.fromFloat(up, f), f, "batch", 3L, "height", "width");
    return g.model("vae_decoder");
  }

  static OnnxMl.ModelProto encoder(DataType f, boolean parameters) {
    DemoGraph g = new DemoGraph();
    ONNXRef<?> image = g.input("sample", f, "batch", 3L, "height", "width");
    ONNXRef<?> pooled = g.op(OnnxOps.AVERAGE_POOL, "pool", Map.of("kernel_shape", new int[] {8, 8}, "strides", new int[] {8, 8}),
        g.toFloat(image, f));
    double[][] p = DemoMath.pinvA();
    int outChannels = parameters ? 8 : 4;
    float[] w = new float[outChannels * 3];
    float[] bias = new float[outChannels];
    for (int o = 0; o < 4; o++) {
      double b = 0;
      for (int i = 0; i < 3; i++) {
        double coef = p[o][i] / DemoMath.SCALING_FACTOR;
        w[o * 3 + i] = (float) coef;
        b -= coef * DemoMath.B[i];
      }
      bias[o] = (float) b;
    }
    for (int o = 4; o < outChannels; o++) {
      bias[o] = LOGVAR;
    }
    ONNXRef<?> latents = g.op(OnnxOps.CONV, "to_latent", Map.of("kernel_shape", new int[] {1, 1}),
        pooled, g.floats("enc_weight", w, outChannels, 3, 1, 1), g.floats("enc_bias", bias, outChannels));
    String name = parameters ? "latent_parameters" : "latent_sample";
    g.output(name, g.fromFloat(latents, f), f, "batch", (long) outChannels, "latent_height", "latent_width");
    return g.model("vae_encoder");
  }
}
