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
        var db = ScratchBuffers.get(key, 8L * values.length).asDoubleBuffer();
        for (int i = 0; i < values.length; i++) {
          db.put(i, values[i]);
        }
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

  /**
   * An output tensor that ONNX Runtime writes into directly (a pinned output), on a reused direct buffer; read it with
   * {@link Pinned#read()} after the run, before the next call on this thread.
   */
  static Pinned pinned(OrtEnvironment env, String key, long[] shape, OnnxJavaType type) throws OrtException {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    switch (type) {
      case FLOAT: {
        ByteBuffer b = ScratchBuffers.get(key, 4 * n);
        return new Pinned(OnnxTensor.createTensor(env, b.asFloatBuffer(), shape), b, type, (int) n);
      }
      case FLOAT16: {
        ByteBuffer b = ScratchBuffers.get(key, 2 * n);
        return new Pinned(OnnxTensor.createTensor(env, b.asShortBuffer(), shape, OnnxJavaType.FLOAT16), b, type, (int) n);
      }
      default:
        throw new IllegalArgumentException("output " + key + " has type " + type + ", expected float or float16");
    }
  }

  record Pinned(OnnxTensor tensor, ByteBuffer buffer, OnnxJavaType type, int size) implements AutoCloseable {

    float[] read() {
      return read(new float[size]);
    }

    /** Reads the output into {@code out} (float16 converted), which must hold exactly {@link #size()} values. */
    float[] read(float[] out) {
      if (out.length != size) {
        throw new IllegalArgumentException("the output has " + size + " values, the array " + out.length);
      }
      if (type == OnnxJavaType.FLOAT) {
        buffer.asFloatBuffer().get(out);
      } else {
        Fp16.read(buffer.asShortBuffer(), out);
      }
      return out;
    }

    @Override
    public void close() {
      tensor.close();
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
