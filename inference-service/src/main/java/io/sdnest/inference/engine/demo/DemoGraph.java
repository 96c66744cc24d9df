package io.sdnest.inference.engine.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A graph under construction on Tribuo's ONNX builder, with typed inputs and outputs: Tribuo declares every graph
 * input and output as float {@code [batch, n]}, so the declarations are replaced by the real types and (named, dynamic)
 * shapes when the model is built.
 */
final class DemoGraph {

  private final ONNXContext ctx = new ONNXContext();
  private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
  private final List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();

  /** A graph input; each dim is a Long (fixed) or a String (a named free axis). */
  ONNXPlaceholder input(String name, DataType type, Object... dims) {
    inputs.add(valueInfo(name, type, dims));
    return ctx.floatInput(name, 1);
  }

  void output(String name, ONNXRef<?> value, DataType type, Object... dims) {
    outputs.add(valueInfo(name, type, dims));
    value.assignTo(ctx.floatOutput(name, 1));
  }

  ONNXNode op(ONNXOperator op, String name, Map<String, Object> attributes, ONNXRef<?>... in) {
    return ctx.operation(op, Arrays.asList(in), name, attributes);
  }

  ONNXNode op(ONNXOperator op, String name, ONNXRef<?>... in) {
    return op(op, name, Map.of(), in);
  }

  ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) {
    return op(ONNXOperators.ADD, "add", a, b);
  }

  ONNXRef<?> sub(ONNXRef<?> a, ONNXRef<?> b) {
    return op(ONNXOperators.SUB, "sub", a, b);
  }

  ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) {
    return op(ONNXOperators.MUL, "mul", a, b);
  }

  ONNXRef<?> div(ONNXRef<?> a, ONNXRef<?> b) {
    return op(ONNXOperators.DIV, "div", a, b);
  }

  ONNXRef<?> cast(ONNXRef<?> a, DataType to) {
    return op(ONNXOperators.CAST, "cast", Map.of("to", to.getNumber()), a);
  }

  /** {@code a} as float32 when the graph's boundary type is float16 (identity otherwise). */
  ONNXRef<?> toFloat(ONNXRef<?> a, DataType boundary) {
    return boundary == DataType.FLOAT ? a : cast(a, DataType.FLOAT);
  }

  ONNXRef<?> fromFloat(ONNXRef<?> a, DataType boundary) {
    return boundary == DataType.FLOAT ? a : cast(a, boundary);
  }

  ONNXRef<?> reshape(ONNXRef<?> a, long... shape) {
    return op(OnnxOps.RESHAPE, "reshape", a, longs("shape", shape));
  }

  /** A float32 scalar (rank 0). */
  ONNXRef<?> scalar(float v) {
    return ctx.constant("c", v);
  }

  ONNXRef<?> longs(String name, long... v) {
    return ctx.array(name, v);
  }

  /** A float32 constant of the given shape, row-major. */
  ONNXRef<?> floats(String name, float[] values, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for dims " + Arrays.toString(dims));
    }
    List<Integer> shape = new ArrayList<>();
    for (long d : dims) {
      shape.add((int) d);
    }
    return ctx.floatTensor(name, shape, fb -> fb.put(values));
  }

  OnnxMl.ModelProto model(String name) {
    ctx.setName(name);
    OnnxMl.GraphProto graph = ctx.buildGraph().toBuilder()
        .clearInput().addAllInput(inputs)
        .clearOutput().addAllOutput(outputs)
        .build();
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("sdnest demo generator")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(ONNXOperators.getOpsetVersion()))
        .setGraph(graph)
        .build();
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String) {
        dim.setDimParam((String) d);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    OnnxMl.TypeProto.Tensor tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  /** Raw little-endian bytes of a float32 initializer, whichever field Tribuo stored it in. */
  static ByteString rawBytes(OnnxMl.TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      return t.getRawData();
    }
    ByteBuffer b = ByteBuffer.allocate(4 * t.getFloatDataCount()).order(ByteOrder.LITTLE_ENDIAN);
    t.getFloatDataList().forEach(b::putFloat);
    return ByteString.copyFrom(b.array());
  }
}
