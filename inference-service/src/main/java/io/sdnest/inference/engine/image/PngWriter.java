package io.sdnest.inference.engine.image;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A direct PNG encoder for 8-bit L, RGB and RGBA bitmaps: IHDR, an optional {@code parameters}-style text chunk, one
 * IDAT, IEND. It trades a few percent of file size for speed (bench/RESULTS.md, "Inference engine" (b)): every row
 * uses the Up filter (branch-free, one pass) and zlib runs at level 1 instead of PIL's default 6; on SD-like
 * images level 6 costs several times the time for 5–10 % smaller files, and adaptive or Paeth filtering costs more
 * than it saves at level 1. No time stamp or other varying chunk, so equal inputs give equal bytes.
 */
final class PngWriter {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int LEVEL = Deflater.BEST_SPEED;
  private static final int UP = 2;

  private PngWriter() {
  }

  /**
   * @param image 1, 3 or 4 channels
   * @param texts one text chunk per entry, in the map's order (empty values skipped): tEXt when Latin-1, else an
   *              uncompressed UTF-8 iTXt (PIL's {@code PngInfo.add_text})
   */
  static byte[] write(Bitmap image, Map<String, String> texts) {
    int colorType = switch (image.channels()) {
      case 1 -> 0;
      case 3 -> 2;
      case 4 -> 6;
      default -> throw new IllegalArgumentException("PngWriter takes L, RGB or RGBA, got " + image.channels()
          + " channels");
    };
    byte[] filtered = filterRows(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream(filtered.length / 2 + 1024);
    out.writeBytes(SIGNATURE);
    byte[] header = new byte[13];
    putInt(header, 0, image.width());
    putInt(header, 4, image.height());
    header[8] = 8;
    header[9] = (byte) colorType;
    chunk(out, "IHDR", header, header.length);
    for (Map.Entry<String, String> text : texts.entrySet()) {
      if (text.getValue() != null && !text.getValue().isEmpty()) {
        chunk(out, textChunk(text.getKey(), text.getValue()));
      }
    }
    Deflater deflater = new Deflater(LEVEL);
    try {
      deflater.setInput(filtered);
      deflater.finish();
      byte[] buffer = new byte[Math.max(1024, filtered.length / 2)];
      ByteArrayOutputStream idat = new ByteArrayOutputStream(buffer.length);
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        idat.write(buffer, 0, n);
      }
      byte[] compressed = idat.toByteArray();
      chunk(out, "IDAT", compressed, compressed.length);
    } finally {
      deflater.end();
    }
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  /** Each row prefixed by its filter byte and Up-filtered: minus the byte above (nothing above the first row). */
  private static byte[] filterRows(Bitmap image) {
    int stride = image.width() * image.channels();
    byte[] src = image.data();
    byte[] out = new byte[(stride + 1) * image.height()];
    for (int y = 0; y < image.height(); y++) {
      int row = y * stride;
      int dst = y * (stride + 1) + 1;
      out[dst - 1] = UP;
      if (y == 0) {
        System.arraycopy(src, 0, out, dst, stride);
        continue;
      }
      int prior = row - stride;
      for (int i = 0; i < stride; i++) {
        out[dst + i] = (byte) (src[row + i] - src[prior + i]);
      }
    }
    return out;
  }

  private record Chunk(String type, byte[] data) {
  }

  private static Chunk textChunk(String key, String text) {
    ByteArrayOutputStream data = new ByteArrayOutputStream(key.length() + text.length() + 8);
    data.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
    data.write(0);
    if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
      data.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
      return new Chunk("tEXt", data.toByteArray());
    }
    // compression flag 0, method 0, empty language tag, empty translated keyword
    data.writeBytes(new byte[] {0, 0, 0, 0});
    data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return new Chunk("iTXt", data.toByteArray());
  }

  private static void chunk(ByteArrayOutputStream out, Chunk chunk) {
    chunk(out, chunk.type(), chunk.data(), chunk.data().length);
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] head = new byte[8];
    putInt(head, 0, length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(typeBytes, 0, head, 4, 4);
    out.writeBytes(head);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data, 0, length);
    byte[] tail = new byte[4];
    putInt(tail, 0, (int) crc.getValue());
    out.writeBytes(tail);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
