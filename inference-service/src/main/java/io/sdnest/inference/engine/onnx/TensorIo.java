package io.sdnest.inference.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/** Model inputs from Java arrays in the dtype the graph declares, and model outputs back to float arrays. */
final class TensorIo {

  private TensorIo() {
  }

  /** A float tensor (float32, float16 or double, as {@code type} says) holding {@code values}. */
  static OnnxTensor floats(OrtEnvironment env, String key, float[] values, long[] shape, OnnxJavaType type)
      throws OrtException {
    switch (type) {
      case FLOAT: {
        ByteBuffer b = ScratchBuffers.get(key, 4L * values.length);
        FloatBuffer fb = b.asFloatBuffer();
        fb.put(values).rewind();
        return OnnxTensor.createTensor(env, fb, shape);
      }
      case FLOAT16: {
        ByteBuffer b = ScratchBuffers.get(key, 2L * values.length);
        ShortBuffer sb = b.asShortBuffer();
        Fp16.write(values, sb);
        return OnnxTensor.createTensor(env, sb, shape, OnnxJavaType.FLOAT16);
      }
      case DOUBLE: {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = values[i];
        }
        ByteBuffer b = ScratchBuffers.get(key, 8L * values.length);
        var db = b.asDoubleBuffer();
        db.put(d).rewind();
        return OnnxTensor.createTensor(env, db, shape);
      }
      default:
        throw new IllegalArgumentException("input " + key + " has type " + type + ", expected a float type");
    }
  }

  /** An integer tensor (int32 or int64, as {@code type} says) holding {@code values}. */
  static OnnxTensor integers(OrtEnvironment env, String key, long[] values, long[] shape, OnnxJavaType type)
      throws OrtException {
    switch (type) {
      case INT64: {
        LongBuffer lb = ScratchBuffers.get(key, 8L * values.length).asLongBuffer();
        lb.put(values).rewind();
        return OnnxTensor.createTensor(env, lb, shape);
      }
      case INT32: {
        IntBuffer ib = ScratchBuffers.get(key, 4L * values.length).asIntBuffer();
        for (long v : values) {
          ib.put(Math.toIntExact(v));
        }
        ib.rewind();
        return OnnxTensor.createTensor(env, ib, shape);
      }
      default:
        throw new IllegalArgumentException("input " + key + " has type " + type + ", expected int32 or int64");
    }
  }

  /** The values of a float output (float32 or float16) as float32, with its shape. */
  static float[] readFloats(OnnxValue value, String name) {
    if (!(value instanceof OnnxTensor)) {
      throw new IllegalStateException("output " + name + " is not a tensor");
    }
    OnnxTensor t = (OnnxTensor) value;
    OnnxJavaType type = t.getInfo().type;
    long n = t.getInfo().getNumElements();
    float[] out = new float[Math.toIntExact(n)];
    switch (type) {
      case FLOAT:
        t.getFloatBuffer().get(out);
        return out;
      case FLOAT16:
        Fp16.read(t.getShortBuffer(), out);
        return out;
      case DOUBLE: {
        var db = t.getDoubleBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) db.get(i);
        }
        return out;
      }
      default:
        throw new IllegalStateException("output " + name + " has type " + type + ", expected a float type");
    }
  }

  static long[] shape(OnnxValue value) {
    return ((OnnxTensor) value).getInfo().getShape().clone();
  }

  static boolean isFloatType(OnnxJavaType t) {
    return t == OnnxJavaType.FLOAT || t == OnnxJavaType.FLOAT16 || t == OnnxJavaType.DOUBLE;
  }

  static boolean isIntType(OnnxJavaType t) {
    return t == OnnxJavaType.INT64 || t == OnnxJavaType.INT32;
  }

  static String describe(long[] shape) {
    return Arrays.toString(shape);
  }
}
