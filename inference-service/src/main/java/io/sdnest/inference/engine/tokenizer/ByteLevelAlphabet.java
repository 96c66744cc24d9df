package io.sdnest.inference.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's {@code bytes_to_unicode}: every UTF-8 byte gets a visible character, so BPE symbols never contain whitespace
 * or control characters. Printable bytes map to themselves; the other 68 map to U+0100 upwards in byte order.
 */
final class ByteLevelAlphabet {

  private static final char[] BYTE_TO_CHAR = new char[256];
  /** The 256 byte symbols in the order the CLIP vocabulary numbers them (printable bytes first). */
  private static final List<String> VOCAB_ORDER = new ArrayList<>(256);

  static {
    boolean[] printable = new boolean[256];
    for (int b = 0; b < 256; b++) {
      printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      if (printable[b]) {
        BYTE_TO_CHAR[b] = (char) b;
        VOCAB_ORDER.add(String.valueOf((char) b));
      }
    }
    int next = 256;
    for (int b = 0; b < 256; b++) {
      if (!printable[b]) {
        BYTE_TO_CHAR[b] = (char) next++;
        VOCAB_ORDER.add(String.valueOf(BYTE_TO_CHAR[b]));
      }
    }
  }

  private ByteLevelAlphabet() {
  }

  /** The UTF-8 bytes of {@code text}, each replaced by its visible symbol. */
  static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  static List<String> symbolsInVocabOrder() {
    return VOCAB_ORDER;
  }
}
