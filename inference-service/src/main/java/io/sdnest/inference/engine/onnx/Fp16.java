package io.sdnest.inference.engine.onnx;

import java.nio.ShortBuffer;

import ai.onnxruntime.platform.Fp16Conversions;

/**
 * IEEE 754 half precision at the model boundary. Delegates to ONNX Runtime's conversions, which round to nearest even
 * on Java 17 too ({@code Float.floatToFloat16} only exists from Java 20); {@code Fp16Test} checks all 65536 values.
 */
public final class Fp16 {

  private Fp16() {
  }

  public static short fromFloat(float f) {
    return Fp16Conversions.floatToFp16(f);
  }

  public static float toFloat(short h) {
    return Fp16Conversions.fp16ToFloat(h);
  }

  /** Writes {@code src} as halfs at the buffer's position onwards (absolute puts; position unchanged). */
  public static void write(float[] src, ShortBuffer dst) {
    int base = dst.position();
    for (int i = 0; i < src.length; i++) {
      dst.put(base + i, fromFloat(src[i]));
    }
  }

  /** Reads {@code dst.length} halfs from the buffer's position onwards (absolute gets). */
  public static void read(ShortBuffer src, float[] dst) {
    int base = src.position();
    for (int i = 0; i < dst.length; i++) {
      dst[i] = toFloat(src.get(base + i));
    }
  }
}
