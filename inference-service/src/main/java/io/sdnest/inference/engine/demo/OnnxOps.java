package io.sdnest.inference.engine.demo;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/** ONNX opset-13 operators the demo graphs need beyond those Tribuo's {@link ONNXOperators} defines. */
enum OnnxOps implements ONNXOperator {
  RESHAPE("Reshape", 2, 0),
  MATMUL("MatMul", 2, 0),
  SLICE("Slice", 3, 2),
  SHAPE("Shape", 1, 0),
  SQRT("Sqrt", 1, 0),
  EXP("Exp", 1, 0),
  FLOOR("Floor", 1, 0),
  CLIP("Clip", 1, 2),
  ARG_MAX("ArgMax", 1, 0, attr("axis", AttributeType.INT), attr("keepdims", AttributeType.INT)),
  GATHER_ND("GatherND", 2, 0, attr("batch_dims", AttributeType.INT)),
  CONV("Conv", 2, 1, attr("kernel_shape", AttributeType.INTS), attr("strides", AttributeType.INTS), attr("pads", AttributeType.INTS)),
  TRANSPOSE("Transpose", 1, 0, attr("perm", AttributeType.INTS)),
  TANH("Tanh", 1, 0),
  AVERAGE_POOL("AveragePool", 1, 0, attr("kernel_shape", AttributeType.INTS), attr("strides", AttributeType.INTS)),
  RESIZE("Resize", 1, 3, attr("mode", AttributeType.STRING), attr("coordinate_transformation_mode", AttributeType.STRING),
      attr("nearest_mode", AttributeType.STRING));

  private final String opName;
  private final int numInputs;
  private final int numOptionalInputs;
  private final Map<String, ONNXAttribute> attributes;

  OnnxOps(String opName, int numInputs, int numOptionalInputs, ONNXAttribute... attributes) {
    this.opName = opName;
    this.numInputs = numInputs;
    this.numOptionalInputs = numOptionalInputs;
    this.attributes = Arrays.stream(attributes).collect(Collectors.toUnmodifiableMap(ONNXAttribute::getName, Function.identity()));
  }

  private static ONNXAttribute attr(String name, AttributeType type) {
    return new ONNXAttribute(name, type, false);
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return numInputs;
  }

  @Override
  public int getNumOptionalInputs() {
    return numOptionalInputs;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return attributes;
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return Collections.emptySet();
  }

  @Override
  public int getOpVersion() {
    return ONNXOperators.getOpsetVersion();
  }

  @Override
  public String getOpDomain() {
    return null;
  }

  static List<Long> ints(long... v) {
    return Arrays.stream(v).boxed().collect(Collectors.toList());
  }
}
