package io.sdnest.downloader.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A valid, tiny safetensors file: one 2-float tensor and the given {@code __metadata__} object. */
public final class Safetensors {

  private Safetensors() {
  }

  public static byte[] withMetadata(String metadataJson) throws IOException {
    byte[] header = ("{\"__metadata__\":" + metadataJson + ",\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}")
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.write(header);
    out.write(new byte[8]);
    return out.toByteArray();
  }

  /** The header length the file declares. */
  public static long headerLength(byte[] file) {
    return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
