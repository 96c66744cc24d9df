package io.sdnest.inference.engine.demo;

import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The demo CLIP text encoder: token + position embeddings, two per-dimension "layers" and an identity final layer
 * norm. {@code hidden_states.0} = E[ids] + P, {@code hidden_states.k} = hidden_states.(k−1) ⊙ gain_k,
 * {@code last_hidden_state} = hidden_states.2; {@code pooler_output} = the state at the first EOS (argmax of the ids, as
 * legacy CLIP exports do, EOS being the largest id).
 */
final class DemoTextEncoderGraph {

  private DemoTextEncoderGraph() {
  }

  static OnnxMl.ModelProto build(DemoVocabulary vocab, DataType idsType, DataType floatType, boolean hiddenStates) {
    int h = DemoMath.HIDDEN;
    DemoGraph g = new DemoGraph();
    ONNXRef<?> ids = g.input("input_ids", idsType, "batch", "sequence_length");
    ONNXRef<?> embed = g.op(ONNXOperators.GATHER, "embed", Map.of("axis", 0), g.floats("token_embedding", tokenEmbedding(vocab), vocab.size(), h), ids);
    ONNXRef<?> shape = g.op(OnnxOps.SHAPE, "ids_shape", ids);
    ONNXRef<?> seqLen = g.op(OnnxOps.SLICE, "seq_len", shape, g.longs("one", 1), g.longs("two", 2), g.longs("axis0", 0));
    ONNXRef<?> positions = g.op(OnnxOps.SLICE, "positions", g.floats("position_embedding", positionEmbedding(), DemoMath.MAX_TOKENS, h),
        g.longs("zero", 0), seqLen, g.longs("axis0b", 0));
    ONNXRef<?>[] states = new ONNXRef<?>[DemoMath.LAYERS + 1];
    states[0] = g.add(embed, positions);
    for (int layer = 1; layer <= DemoMath.LAYERS; layer++) {
      states[layer] = g.mul(states[layer - 1], g.floats("gain" + layer, gain(layer - 1), h));
    }
    ONNXRef<?> last = states[DemoMath.LAYERS];
    ONNXRef<?> eosIndex = g.op(OnnxOps.ARG_MAX, "eos_index", Map.of("axis", 1, "keepdims", 1), g.cast(ids, DataType.FLOAT));
    ONNXRef<?> pooled = g.op(OnnxOps.GATHER_ND, "pooled", Map.of("batch_dims", 1), last, eosIndex);
    g.output("last_hidden_state", g.fromFloat(last, floatType), floatType, "batch", "sequence_length", (long) h);
    g.output("pooler_output", g.fromFloat(pooled, floatType), floatType, "batch", (long) h);
    if (hiddenStates) {
      for (int i = 0; i <= DemoMath.LAYERS; i++) {
        g.output("hidden_states." + i, g.fromFloat(states[i], floatType), floatType, "batch", "sequence_length", (long) h);
      }
    }
    return g.model("text_encoder");
  }

  static float[] tokenEmbedding(DemoVocabulary vocab) {
    int h = DemoMath.HIDDEN;
    float[] e = new float[vocab.size() * h];
    for (int id = 0; id < vocab.size(); id++) {
      for (int d = 4; d < h; d++) {
        e[id * h + d] = (float) DemoMath.tokenFeature(id, d);
      }
    }
    for (Map.Entry<String, double[]> c : DemoMath.colours().entrySet()) {
      int id = vocab.wordId(c.getKey());
      double[] colour = DemoMath.colourEmbedding(c.getValue());
      for (int d = 0; d < 4; d++) {
        e[id * h + d] = (float) colour[d];
      }
    }
    return e;
  }

  private static float[] positionEmbedding() {
    int h = DemoMath.HIDDEN;
    float[] p = new float[DemoMath.MAX_TOKENS * h];
    for (int i = 0; i < DemoMath.MAX_TOKENS; i++) {
      for (int d = 0; d < h; d++) {
        p[i * h + d] = (float) DemoMath.positionFeature(i, d);
      }
    }
    return p;
  }

  private static float[] gain(int layer) {
    float[] g = new float[DemoMath.HIDDEN];
    for (int d = 0; d < g.length; d++) {
      g[d] = (float) DemoMath.LAYER_GAIN[layer][d < 4 ? 0 : 1];
    }
    return g;
  }
}
