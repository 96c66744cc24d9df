package io.sdnest.inference.engine.demo;

import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The demo UNet: the exact noise prediction for latents x₀ ~ N(μ(c), s²I).
 *
 * <p>The UNet receives the scaled input y = x_σ/√(σ²+1) (k-diffusion's c_in; also the DDPM latent x_t, since
 * √ᾱ = 1/√(σ²+1)), with x_σ = x₀ + σε. The ideal denoiser is D = E[x₀|x_σ] = (s²x_σ + σ²μ)/(s² + σ²), so
 * ε̂ = (x_σ − D)/σ = σ(x_σ − μ)/(s² + σ²) with x_σ = y·√(σ²+1). For v-prediction, v̂ = √ᾱ·ε̂ − √(1−ᾱ)·D
 * = (ε̂ − σD)/√(σ²+1).
 *
 * <p>μ(c) = μ_grey + W·Σ_tokens encoder_hidden_states (W takes dims 0..3; negated in the complement variant, so colour
 * words make their complementary colour). σ comes from the timestep: integer timesteps
 * index the 1000 training sigmas; float timesteps interpolate log σ linearly between neighbouring integer timesteps
 * (k-diffusion's {@code t_to_sigma}), clamped to [0, 999]. An inpainting UNet reads channels 0..3 and ignores the mask
 * and masked-image channels.
 */
final class DemoUnetGraph {

  private DemoUnetGraph() {
  }

  static OnnxMl.ModelProto build(DemoVariant v) {
    return build(v, false);
  }

  /** With {@code heavy}, the prediction also carries {@link HeavyUnetPath}'s (near-zero) contribution. */
  static OnnxMl.ModelProto build(DemoVariant v, boolean heavy) {
    DataType f = v.fp16() ? DataType.FLOAT16 : DataType.FLOAT;
    int h = DemoMath.HIDDEN;
    long channels = v.inpainting() ? 9 : 4;
    DemoGraph g = new DemoGraph();
    ONNXRef<?> sample = g.input("sample", f, "batch", channels, "height", "width");
    ONNXRef<?> timestep = timestepInput(g, v, f);
    ONNXRef<?> context = g.input("encoder_hidden_states", f, "batch", "sequence_length", (long) h);
    if (v.sdxl()) {
      g.input("text_embeds", f, "batch", 1280L);
      g.input("time_ids", f, "batch", 6L);
    }
    ONNXRef<?> x = g.toFloat(sample, f);
    if (v.inpainting()) {
      x = g.op(OnnxOps.SLICE, "latent", x, g.longs("c0", 0), g.longs("c4", 4), g.longs("axis1", 1));
    }
    ONNXRef<?> tokenSum = g.op(ONNXOperators.REDUCE_SUM, "token_sum", Map.of("keepdims", 0), g.toFloat(context, f), g.longs("seq_axis", 1));
    ONNXRef<?> muMap = g.floats("mu_map", muMap(v.complement() ? -1f : 1f), h, 4);
    ONNXRef<?> mu = g.add(g.op(OnnxOps.MATMUL, "mu_offset", tokenSum, muMap),
        g.floats("mu_grey", toFloats(DemoMath.greyLatent()), 4));
    ONNXRef<?> mu4 = g.reshape(mu, -1, 4, 1, 1);

    ONNXRef<?> sigma = g.reshape(sigma(g, v, timestep, f), -1, 1, 1, 1);
    ONNXRef<?> sigma2 = g.mul(sigma, sigma);
    ONNXRef<?> root = g.op(OnnxOps.SQRT, "root", g.add(sigma2, g.scalar(1f)));
    ONNXRef<?> xSigma = g.mul(x, root);
    ONNXRef<?> denom = g.add(sigma2, g.scalar((float) (DemoMath.SPREAD * DemoMath.SPREAD)));
    ONNXRef<?> eps = g.div(g.mul(sigma, g.sub(xSigma, mu4)), denom);
    ONNXRef<?> out = eps;
    if (v.vPrediction()) {
      ONNXRef<?> s2 = g.scalar((float) (DemoMath.SPREAD * DemoMath.SPREAD));
      ONNXRef<?> denoised = g.div(g.add(g.mul(xSigma, s2), g.mul(mu4, sigma2)), denom);
      out = g.div(g.sub(eps, g.mul(sigma, denoised)), root);
    }
    if (heavy) {
      out = g.add(out, HeavyUnetPath.contribution(g, x, g.toFloat(context, f)));
    }
    g.output("out_sample", g.fromFloat(out, f), f, "batch", 4L, "height", "width");
    return g.model("unet");
  }

  private static ONNXRef<?> timestepInput(DemoGraph g, DemoVariant v, DataType f) {
    switch (v.timestep()) {
      case INT64_BATCH:
        return g.input("timestep", DataType.INT64, "steps");
      case FLOAT_BATCH:
        return g.input("timestep", f, "batch");
      case FLOAT_ONE:
        return g.input("timestep", f, 1L);
      default:
        return g.input("timestep", f);
    }
  }

  private static ONNXRef<?> sigma(DemoGraph g, DemoVariant v, ONNXRef<?> timestep, DataType f) {
    double[] sigmas = DemoMath.sigmas();
    if (v.timestep() == DemoVariant.TimestepKind.INT64_BATCH) {
      return g.op(ONNXOperators.GATHER, "sigma", Map.of("axis", 0), g.floats("sigmas", toFloats(sigmas), sigmas.length), timestep);
    }
    double[] logs = new double[sigmas.length];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(sigmas[i]);
    }
    ONNXRef<?> logTable = g.floats("log_sigmas", toFloats(logs), logs.length);
    ONNXRef<?> t = g.op(OnnxOps.CLIP, "t", g.toFloat(timestep, f), g.scalar(0f), g.scalar(DemoMath.TRAIN_TIMESTEPS - 1));
    ONNXRef<?> low = g.op(OnnxOps.CLIP, "low", g.op(OnnxOps.FLOOR, "floor", t), g.scalar(0f), g.scalar(DemoMath.TRAIN_TIMESTEPS - 2));
    ONNXRef<?> w = g.sub(t, low);
    ONNXRef<?> i0 = g.cast(low, DataType.INT64);
    ONNXRef<?> i1 = g.add(i0, g.longs("step", 1));
    ONNXRef<?> l0 = g.op(ONNXOperators.GATHER, "log_sigma_low", Map.of("axis", 0), logTable, i0);
    ONNXRef<?> l1 = g.op(ONNXOperators.GATHER, "log_sigma_high", Map.of("axis", 0), logTable, i1);
    return g.op(OnnxOps.EXP, "sigma", g.add(l0, g.mul(g.sub(l1, l0), w)));
  }

  /** 32×4: picks hidden dims 0..3, times {@code sign}. */
  private static float[] muMap(float sign) {
    float[] m = new float[DemoMath.HIDDEN * 4];
    for (int d = 0; d < 4; d++) {
      m[d * 4 + d] = sign;
    }
    return m;
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
