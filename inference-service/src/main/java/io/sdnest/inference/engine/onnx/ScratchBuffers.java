package io.sdnest.inference.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Direct, native-order buffers reused per thread and per input name, so that ONNX Runtime reads model inputs without a
 * copy and a denoising loop does not allocate a new native buffer every step. A buffer is only valid until the next
 * call on the same thread with the same key: the tensor built on it must be closed before that.
 */
final class ScratchBuffers {

  private static final ThreadLocal<Map<String, ByteBuffer>> BUFFERS = ThreadLocal.withInitial(HashMap::new);

  private ScratchBuffers() {
  }

  /** A buffer of exactly {@code bytes} remaining, position 0, native order. */
  static ByteBuffer get(String key, long bytes) {
    int n = Math.toIntExact(bytes);
    Map<String, ByteBuffer> map = BUFFERS.get();
    ByteBuffer b = map.get(key);
    if (b == null || b.capacity() < n) {
      b = ByteBuffer.allocateDirect(Math.max(n, 64)).order(ByteOrder.nativeOrder());
      map.put(key, b);
    }
    ByteBuffer view = b.duplicate().order(ByteOrder.nativeOrder());
    view.clear().limit(n);
    return view.slice().order(ByteOrder.nativeOrder());
  }
}
