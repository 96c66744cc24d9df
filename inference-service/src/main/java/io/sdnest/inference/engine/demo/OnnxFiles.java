package io.sdnest.inference.engine.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

/** Writes ONNX models, optionally with their float initializers in one external data file, as exporters do. */
final class OnnxFiles {

  /** Initializers smaller than this stay inside the model, as with Optimum's {@code size_threshold}. */
  private static final int EXTERNAL_THRESHOLD = 1024;

  private OnnxFiles() {
  }

  static void write(OnnxMl.ModelProto model, Path modelFile, String externalDataName) throws IOException {
    Files.createDirectories(modelFile.getParent());
    OnnxMl.ModelProto out = model;
    if (externalDataName != null) {
      out = externalise(model, modelFile.resolveSibling(externalDataName), externalDataName);
    }
    try (OutputStream os = Files.newOutputStream(modelFile)) {
      out.writeTo(os);
    }
  }

  private static OnnxMl.ModelProto externalise(OnnxMl.ModelProto model, Path dataFile, String location) throws IOException {
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    long offset = 0;
    try (OutputStream data = Files.newOutputStream(dataFile)) {
      for (int i = 0; i < graph.getInitializerCount(); i++) {
        OnnxMl.TensorProto t = graph.getInitializer(i);
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
          continue;
        }
        ByteString bytes = DemoGraph.rawBytes(t);
        if (bytes.size() < EXTERNAL_THRESHOLD) {
          continue;
        }
        bytes.writeTo(data);
        graph.setInitializer(i, t.toBuilder().clearRawData().clearFloatData()
            .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Integer.toString(bytes.size())))
            .build());
        offset += bytes.size();
      }
    }
    return model.toBuilder().setGraph(graph).build();
  }

  private static OnnxMl.StringStringEntryProto entry(String key, String value) {
    return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }
}
