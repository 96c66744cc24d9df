package io.sdnest.inference.engine.demo;

import java.util.Map;
import java.util.Random;

import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The compute-heavy path of the benchmark UNet ({@link HeavyDemoPipeline}): SD-shaped work whose cost ONNX Runtime
 * pays at every step, added to the demo's closed-form prediction with a weight small enough that the images stay the
 * demo's. A 3×3 conv from the latent to {@link #CHANNELS} channels, a cross-attention block (queries from the latent
 * pixels, keys and values from {@code encoder_hidden_states}, softmax over the tokens), {@link #RESIDUAL_CONVS}
 * residual 3×3 conv blocks with SiLU, and a 3×3 conv back to 4 channels bounded by tanh.
 *
 * <p>At 512×512 (64×64 latent) one row costs about 2·9·C²·4096 FLOPs per conv block (C = 128: 1.2 GFLOP), so the
 * whole path is roughly 4 GFLOP per row. Weights are pseudo-random from a fixed seed, so the model is deterministic.
 */
final class HeavyUnetPath {

  static final int CHANNELS = 128;
  static final int RESIDUAL_CONVS = 3;
  /** Weight of the heavy path in the output: |contribution| ≤ this, far below one byte of the decoded image. */
  static final float OUTPUT_WEIGHT = 1e-4f;

  private static final long SEED = 20261125L;

  private final DemoGraph g;
  private final Random rnd = new Random(SEED);

  private HeavyUnetPath(DemoGraph g) {
    this.g = g;
  }

  /**
   * The heavy contribution for a batch.
   *
   * @param latent  float {@code [batch, 4, h, w]}
   * @param context float {@code [batch, tokens, DemoMath.HIDDEN]}
   * @return float {@code [batch, 4, h, w]}, each value within ±{@link #OUTPUT_WEIGHT}
   */
  static ONNXRef<?> contribution(DemoGraph g, ONNXRef<?> latent, ONNXRef<?> context) {
    return new HeavyUnetPath(g).build(latent, context);
  }

  private ONNXRef<?> build(ONNXRef<?> latent, ONNXRef<?> context) {
    ONNXRef<?> h = silu(conv("heavy_conv_in", latent, DemoMath.LATENT_CHANNELS, CHANNELS));
    h = g.add(h, crossAttention(h, context));
    for (int i = 0; i < RESIDUAL_CONVS; i++) {
      h = g.add(h, silu(conv("heavy_block" + i, h, CHANNELS, CHANNELS)));
    }
    ONNXRef<?> out = g.op(OnnxOps.TANH, "heavy_tanh", conv("heavy_conv_out", h, CHANNELS, DemoMath.LATENT_CHANNELS));
    return g.mul(out, g.scalar(OUTPUT_WEIGHT));
  }

  /** Q from every latent pixel, K and V from the text tokens; softmax over tokens; output projected back to C. */
  private ONNXRef<?> crossAttention(ONNXRef<?> h, ONNXRef<?> context) {
    ONNXRef<?> shape = g.op(OnnxOps.SHAPE, "heavy_shape", h);
    ONNXRef<?> pixels = transposeLast(g.reshape(h, 0, 0, -1));
    ONNXRef<?> q = g.op(OnnxOps.MATMUL, "heavy_q", pixels, weights("heavy_wq", CHANNELS, CHANNELS));
    ONNXRef<?> k = g.op(OnnxOps.MATMUL, "heavy_k", context, weights("heavy_wk", DemoMath.HIDDEN, CHANNELS));
    ONNXRef<?> v = g.op(OnnxOps.MATMUL, "heavy_v", context, weights("heavy_wv", DemoMath.HIDDEN, CHANNELS));
    ONNXRef<?> scores = g.mul(g.op(OnnxOps.MATMUL, "heavy_scores", q, transposeLast(k)),
        g.scalar((float) (1 / Math.sqrt(CHANNELS))));
    ONNXRef<?> attention = g.op(ONNXOperators.SOFTMAX, "heavy_softmax", Map.of("axis", -1), scores);
    ONNXRef<?> mixed = g.op(OnnxOps.MATMUL, "heavy_mix", attention, v);
    ONNXRef<?> projected = g.op(OnnxOps.MATMUL, "heavy_o", mixed, weights("heavy_wo", CHANNELS, CHANNELS));
    return g.op(OnnxOps.RESHAPE, "heavy_unflatten", transposeLast(projected), shape);
  }

  private ONNXRef<?> transposeLast(ONNXRef<?> x) {
    return g.op(OnnxOps.TRANSPOSE, "heavy_transpose", Map.of("perm", new int[] {0, 2, 1}), x);
  }

  private ONNXRef<?> conv(String name, ONNXRef<?> x, int in, int out) {
    float[] bias = new float[out];
    for (int i = 0; i < out; i++) {
      bias[i] = (float) (0.01 * rnd.nextGaussian());
    }
    return g.op(OnnxOps.CONV, name, Map.of("kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1}), x,
        weights(name + "_w", out, in, 3, 3), g.floats(name + "_b", bias, out));
  }

  private ONNXRef<?> silu(ONNXRef<?> x) {
    return g.mul(x, g.op(ONNXOperators.SIGMOID, "heavy_sigmoid", x));
  }

  /** Gaussian weights scaled by 1/√fan-in (fan-in = all dims but the first for convs, the first for matrices). */
  private ONNXRef<?> weights(String name, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    long fanIn = dims.length == 2 ? dims[0] : n / dims[0];
    double scale = 1 / Math.sqrt(fanIn);
    float[] w = new float[(int) n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (scale * rnd.nextGaussian());
    }
    return g.floats(name, w, dims);
  }
}
