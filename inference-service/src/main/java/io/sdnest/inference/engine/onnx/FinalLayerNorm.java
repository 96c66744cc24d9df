package io.sdnest.inference.engine.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.CodedInputStream;
import io.quarkus.logging.Log;
import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * CLIP's {@code final_layer_norm}, read from the {@code LayerNormalization} node whose output becomes
 * {@code last_hidden_state} (through Identity/Cast nodes), so that clip skip can apply it to an earlier hidden state
 * as A1111 does. Scale and bias may be float32 or float16, inline ({@code raw_data}/{@code float_data}) or in external
 * data files beside the model. The whole ModelProto is parsed: cheap when the weights are external (the usual case for
 * large exports); a single-file model over 2 GB cannot be parsed by protobuf and is reported as "not found".
 */
public record FinalLayerNorm(float[] scale, float[] bias, float epsilon) {

  private static final Set<String> PASS_THROUGH = Set.of("Identity", "Cast");

  public FinalLayerNorm {
    if (scale.length != bias.length) {
      throw new IllegalArgumentException("scale has " + scale.length + " values, bias " + bias.length);
    }
  }

  /**
   * The layer norm producing {@code output} in {@code modelFile}, or empty: silently when {@code output} is the same
   * tensor as {@code lastHiddenState} (no final layer norm at all, as in the demo model), with the reason logged once
   * when the graph computes it otherwise (e.g. decomposed into ReduceMean/Sub/Pow/...) or cannot be read.
   */
  public static Optional<FinalLayerNorm> find(Path modelFile, String output, String lastHiddenState) {
    try {
      OnnxMl.GraphProto graph = parse(modelFile).getGraph();
      Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
      for (OnnxMl.NodeProto n : graph.getNodeList()) {
        n.getOutputList().forEach(o -> producers.put(o, n));
      }
      String source = source(output, producers);
      if (source.equals(source(lastHiddenState, producers))) {
        return Optional.empty();
      }
      OnnxMl.NodeProto node = producers.get(source);
      if (node == null || !"LayerNormalization".equals(node.getOpType())) {
        Log.warnf("%s: %s is not produced by a LayerNormalization node (%s); clip skip returns the hidden states without "
            + "CLIP's final layer norm", modelFile, output, node == null ? "no node" : node.getOpType());
        return Optional.empty();
      }
      Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
      graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
      long axis = intAttribute(node, "axis", -1);
      if (axis != -1 && axis != 2) {
        throw new IllegalArgumentException("LayerNormalization " + node.getName() + " normalises axis " + axis);
      }
      float[] scale = floats(modelFile, constant(node, 1, producers, initializers));
      float[] bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
          ? floats(modelFile, constant(node, 2, producers, initializers))
          : new float[scale.length];
      float epsilon = node.getAttributeList().stream().filter(a -> a.getName().equals("epsilon")).findFirst()
          .map(OnnxMl.AttributeProto::getF).orElse(1e-5f);
      return Optional.of(new FinalLayerNorm(scale, bias, epsilon));
    } catch (IOException | RuntimeException e) {
      Log.warnf("%s: cannot read CLIP's final layer norm (%s); clip skip returns the hidden states without it",
          modelFile, e.getMessage());
      return Optional.empty();
    }
  }

  /** Layer norm over the last axis of {@code x}, in double precision. */
  public FloatTensor apply(FloatTensor x) {
    int h = scale.length;
    float[] in = x.data();
    if (x.rank() == 0 || x.dim(x.rank() - 1) != h) {
      throw new IllegalArgumentException("layer norm of size " + h + " cannot apply to shape " + java.util.Arrays.toString(x.shape()));
    }
    float[] out = new float[in.length];
    for (int base = 0; base < in.length; base += h) {
      double mean = 0;
      for (int d = 0; d < h; d++) {
        mean += in[base + d];
      }
      mean /= h;
      double var = 0;
      for (int d = 0; d < h; d++) {
        double c = in[base + d] - mean;
        var += c * c;
      }
      double inv = 1 / Math.sqrt(var / h + epsilon);
      for (int d = 0; d < h; d++) {
        out[base + d] = (float) ((in[base + d] - mean) * inv * scale[d] + bias[d]);
      }
    }
    return new FloatTensor(out, x.shape().clone());
  }

  private static OnnxMl.ModelProto parse(Path modelFile) throws IOException {
    try (InputStream in = Files.newInputStream(modelFile)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      return OnnxMl.ModelProto.parseFrom(coded);
    }
  }

  /** The tensor {@code name} is a copy of, through Identity/Cast nodes. */
  private static String source(String name, Map<String, OnnxMl.NodeProto> producers) {
    OnnxMl.NodeProto node = producers.get(name);
    while (node != null && PASS_THROUGH.contains(node.getOpType()) && node.getInputCount() > 0) {
      name = node.getInput(0);
      node = producers.get(name);
    }
    return name;
  }

  private static long intAttribute(OnnxMl.NodeProto node, String name, long fallback) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
        .map(OnnxMl.AttributeProto::getI).orElse(fallback);
  }

  /** Input {@code i} of {@code node} as an initializer, or a Constant node's value, through Identity/Cast nodes. */
  private static OnnxMl.TensorProto constant(OnnxMl.NodeProto node, int i, Map<String, OnnxMl.NodeProto> producers,
      Map<String, OnnxMl.TensorProto> initializers) {
    String name = node.getInput(i);
    while (!initializers.containsKey(name)) {
      OnnxMl.NodeProto p = producers.get(name);
      if (p != null && "Constant".equals(p.getOpType())) {
        String constantName = name;
        return p.getAttributeList().stream().filter(a -> a.getName().equals("value")).findFirst()
            .map(OnnxMl.AttributeProto::getT)
            .orElseThrow(() -> new IllegalArgumentException("Constant " + constantName + " has no tensor value"));
      }
      if (p == null || !PASS_THROUGH.contains(p.getOpType())) {
        throw new IllegalArgumentException("LayerNormalization input " + name + " is not a constant");
      }
      name = p.getInput(0);
    }
    return initializers.get(name);
  }

  private static float[] floats(Path modelFile, OnnxMl.TensorProto t) throws IOException {
    DataType type = DataType.forNumber(t.getDataType());
    if (type != DataType.FLOAT && type != DataType.FLOAT16) {
      throw new IllegalArgumentException("initializer " + t.getName() + " is " + type + ", expected FLOAT or FLOAT16");
    }
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    int count = Math.toIntExact(n);
    if (type == DataType.FLOAT && t.getFloatDataCount() > 0) {
      float[] v = new float[t.getFloatDataCount()];
      for (int i = 0; i < v.length; i++) {
        v[i] = t.getFloatData(i);
      }
      return v;
    }
    if (type == DataType.FLOAT16 && t.getInt32DataCount() > 0) {
      float[] v = new float[t.getInt32DataCount()];
      for (int i = 0; i < v.length; i++) {
        v[i] = Fp16.toFloat((short) t.getInt32Data(i));
      }
      return v;
    }
    int width = type == DataType.FLOAT ? 4 : 2;
    ByteBuffer bytes = t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL
        ? external(modelFile, t, (long) count * width)
        : t.getRawData().asReadOnlyByteBuffer();
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != (long) count * width) {
      throw new IllegalArgumentException("initializer " + t.getName() + " holds " + bytes.remaining() + " bytes, expected "
          + (long) count * width);
    }
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = width == 4 ? bytes.getFloat() : Fp16.toFloat(bytes.getShort());
    }
    return v;
  }

  private static ByteBuffer external(Path modelFile, OnnxMl.TensorProto t, long expected) throws IOException {
    Map<String, String> entries = new HashMap<>();
    t.getExternalDataList().forEach(e -> entries.put(e.getKey(), e.getValue()));
    String location = entries.get("location");
    if (location == null) {
      throw new IllegalArgumentException("external initializer " + t.getName() + " has no location");
    }
    Path folder = modelFile.toAbsolutePath().getParent();
    Path file = folder.resolve(location).normalize();
    if (!file.startsWith(folder)) {
      throw new IllegalArgumentException("external data " + location + " lies outside " + folder);
    }
    long offset = Long.parseLong(entries.getOrDefault("offset", "0"));
    long length = entries.containsKey("length") ? Long.parseLong(entries.get("length")) : expected;
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(length));
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          throw new IllegalArgumentException("external data " + location + " ends before offset " + offset + " + " + length);
        }
      }
      return buf.flip();
    }
  }
}
