package io.sdnest.inference.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.sdnest.inference.engine.pipeline.TextEncoderCall;
import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clip skip on a CLIP-like text encoder whose {@code last_hidden_state} is {@code LayerNormalization(hidden_states.1)}
 * with a non-trivial scale and bias: clip skip 2 must give that layer norm applied to {@code hidden_states.0}, as A1111's
 * {@code CLIP_stop_at_last_layers} does, whether the weights are inline or in an external data file.
 */
class ClipSkipFinalLayerNormTest {

  private static final int VOCAB = 5;
  private static final int H = 6;
  private static final float EPSILON = 1e-3f;
  private static final float[] EMBEDDING = values(VOCAB * H, i -> (float) Math.sin(1.7 * i + 0.3) * (1 + i % 4));
  private static final float[] GAIN = values(H, i -> 0.5f + 0.4f * i);
  private static final float[] SCALE = values(H, i -> 1.5f - 0.3f * i);
  private static final float[] BIAS = values(H, i -> 0.25f * i - 0.6f);
  private static final int[][] IDS = {{0, 3, 1, 4}, {2, 2, 4, 0}};

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void clipSkipTwoAppliesTheFinalLayerNormToTheEarlierHiddenState(boolean externalWeights) throws Exception {
    Path model = write(true, externalWeights);
    try (OnnxTextEncoder te = new OnnxTextEncoder(OnnxSessionFactory.cpu(), model, 0)) {
      assertThat(te.appliesFinalLayerNorm()).isTrue();
      assertThat(te.maxClipSkip()).isEqualTo(2);
      FloatTensor skip2 = te.encode(IDS, 2);
      FloatTensor skip1 = te.encode(IDS, 1);
      assertThat(skip2.shape()).containsExactly(2, 4, H);
      assertThat(skip1.shape()).containsExactly(2, 4, H);
      assertClose(skip2.data(), layerNorm(hidden(false)));
      assertClose(skip1.data(), layerNorm(hidden(true)));
    }
  }

  @Test
  void mergedTokenRowsOfSeveralPartsGetTheLayerNormedStatesTheyGetAlone() throws Exception {
    try (OnnxTextEncoder te = new OnnxTextEncoder(OnnxSessionFactory.cpu(), write(true, false), 0)) {
      List<TextEncoderCall.Tokens> parts = List.of(new TextEncoderCall.Tokens(te, new int[][] {IDS[0]}, 2),
          new TextEncoderCall.Tokens(te, new int[][] {IDS[1], IDS[0]}, 2));
      List<FloatTensor> merged = TextEncoderCall.INSTANCE.run(parts);
      assertThat(merged.get(0).data()).containsExactly(te.encode(new int[][] {IDS[0]}, 2).data());
      assertThat(merged.get(1).data()).containsExactly(te.encode(new int[][] {IDS[1], IDS[0]}, 2).data());
      assertClose(merged.get(1).rows(0, 1).data(), te.encode(IDS, 2).rows(1, 1).data());
    }
  }

  @Test
  void withoutALayerNormalizationNodeClipSkipReturnsTheHiddenStateAsIs() throws Exception {
    Path model = write(false, false);
    try (OnnxTextEncoder te = new OnnxTextEncoder(OnnxSessionFactory.cpu(), model, 0)) {
      assertThat(te.appliesFinalLayerNorm()).isFalse();
      assertClose(te.encode(IDS, 2).data(), hidden(false));
      assertClose(te.encode(IDS, 1).data(), hidden(true));
    }
  }

  @Test
  void theLayerNormIsReadFromTheGraph() throws Exception {
    FinalLayerNorm ln = FinalLayerNorm.find(write(true, true), "last_hidden_state", "hidden_states.1").orElseThrow();
    assertThat(ln.scale()).containsExactly(SCALE);
    assertThat(ln.bias()).containsExactly(BIAS);
    assertThat(ln.epsilon()).isEqualTo(EPSILON);
  }

  /** hidden_states.0 (the embedding rows) or hidden_states.1 (times the gain), computed here. */
  private static float[] hidden(boolean afterLayer) {
    float[] out = new float[IDS.length * IDS[0].length * H];
    int k = 0;
    for (int[] row : IDS) {
      for (int id : row) {
        for (int d = 0; d < H; d++) {
          out[k++] = EMBEDDING[id * H + d] * (afterLayer ? GAIN[d] : 1);
        }
      }
    }
    return out;
  }

  private static float[] layerNorm(float[] x) {
    float[] out = new float[x.length];
    for (int base = 0; base < x.length; base += H) {
      double mean = 0;
      for (int d = 0; d < H; d++) {
        mean += x[base + d] / (double) H;
      }
      double var = 0;
      for (int d = 0; d < H; d++) {
        var += (x[base + d] - mean) * (x[base + d] - mean) / H;
      }
      for (int d = 0; d < H; d++) {
        out[base + d] = (float) ((x[base + d] - mean) / Math.sqrt(var + EPSILON) * SCALE[d] + BIAS[d]);
      }
    }
    return out;
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  /**
   * hidden_states.0 = Gather(embedding, ids), hidden_states.1 = hidden_states.0 × gain, last_hidden_state =
   * LayerNormalization(hidden_states.1) (or, without it, hidden_states.1 itself).
   */
  private Path write(boolean withLayerNorm, boolean externalWeights) throws Exception {
    Path model = dir.resolve("text_encoder/model.onnx");
    Files.createDirectories(model.getParent());
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("text_encoder");
    g.addInput(valueInfo("input_ids", DataType.INT64, "batch", "sequence"));
    g.addInitializer(inline("embedding", EMBEDDING, VOCAB, H));
    g.addInitializer(inline("gain", GAIN, H));
    g.addNode(node("Gather", List.of("embedding", "input_ids"), "h0").addAttribute(intAttr("axis", 0)));
    g.addNode(node("Mul", List.of("h0", "gain"), "h1"));
    String last = "h1";
    if (withLayerNorm) {
      if (externalWeights) {
        Path data = model.resolveSibling("model.onnx_data");
        byte[] scale = bytes(SCALE);
        byte[] bias = bytes(BIAS);
        try (OutputStream os = Files.newOutputStream(data)) {
          os.write(new byte[16]);
          os.write(scale);
          os.write(bias);
        }
        g.addInitializer(external("scale", 16, scale.length));
        g.addInitializer(external("bias", 16 + scale.length, bias.length));
      } else {
        g.addInitializer(inline("scale", SCALE, H));
        g.addInitializer(inline("bias", BIAS, H));
      }
      g.addNode(node("LayerNormalization", List.of("h1", "scale", "bias"), "ln")
          .addAttribute(intAttr("axis", -1))
          .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("epsilon").setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
              .setF(EPSILON)));
      last = "ln";
    }
    g.addNode(node("Identity", List.of(last), "last_hidden_state"));
    g.addNode(node("Identity", List.of("h0"), "hidden_states.0"));
    g.addNode(node("Identity", List.of("h1"), "hidden_states.1"));
    for (String out : new String[] {"last_hidden_state", "hidden_states.0", "hidden_states.1"}) {
      g.addOutput(valueInfo(out, DataType.FLOAT, "batch", "sequence", (long) H));
    }
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(g)
        .build();
    try (OutputStream os = Files.newOutputStream(model)) {
      proto.writeTo(os);
    }
    return model;
  }

  private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
    return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output + "_node").addAllInput(inputs).addOutput(output);
  }

  private static OnnxMl.AttributeProto intAttr(String name, long v) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build();
  }

  private static OnnxMl.TensorProto inline(String name, float[] v, long... dims) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    // one as float_data, the rest as raw_data: the reader must take both
    if (name.equals("scale")) {
      for (float f : v) {
        t.addFloatData(f);
      }
    } else {
      t.setRawData(ByteString.copyFrom(bytes(v)));
    }
    return t.build();
  }

  private static OnnxMl.TensorProto external(String name, long offset, long length) {
    return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber()).addDims(H)
        .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
        .addExternalData(entry("location", "model.onnx_data"))
        .addExternalData(entry("offset", Long.toString(offset)))
        .addExternalData(entry("length", Long.toString(length)))
        .build();
  }

  private static OnnxMl.StringStringEntryProto entry(String k, String v) {
    return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  private static byte[] bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      shape.addDim(d instanceof String s
          ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(s)
          : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue((Long) d));
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }

  private static float[] values(int n, java.util.function.IntFunction<Float> f) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.apply(i);
    }
    return v;
  }
}
