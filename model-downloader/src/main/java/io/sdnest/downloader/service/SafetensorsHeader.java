package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a safetensors file's {@code __metadata__} without loading tensors: 8 bytes of little-endian header length,
 * then that much JSON — refused above a cap, so a crafted header cannot exhaust memory.
 */
public final class SafetensorsHeader {

  static final int MAX_VALUE_CHARS = 512;

  private SafetensorsHeader() {
  }

  public static Map<String, String> metadata(Path file, long maxHeader, ObjectMapper json) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (readFully(ch, len) < 8) {
        throw new IOException("shorter than a safetensors header");
      }
      long n = len.flip().getLong();
      if (n <= 1 || n > maxHeader || n > ch.size() - 8) {
        throw new IOException("header length " + n + " is invalid or above the " + maxHeader + "-byte cap");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      if (readFully(ch, header) < n) {
        throw new IOException("truncated header");
      }
      JsonNode root = json.readTree(header.array());
      Map<String, String> out = new TreeMap<>();
      JsonNode meta = root.path("__metadata__");
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
        if (v.length() <= MAX_VALUE_CHARS) {
          out.put(e.getKey(), v);
        }
      }
      return out;
    }
  }

  private static int readFully(FileChannel ch, ByteBuffer buf) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
