package io.sdnest.inference.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The EXIF block A1111 puts into JPEG output ({@code piexif.dump} of one Exif-IFD UserComment with the "UNICODE"
 * prefix, UTF-16BE text) and the reader for it ({@code piexif.helper.UserComment.load}).
 */
public final class ExifUserComment {

  private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};
  private static final byte[] UNICODE = {'U', 'N', 'I', 'C', 'O', 'D', 'E', 0};
  private static final byte[] ASCII = {'A', 'S', 'C', 'I', 'I', 0, 0, 0};
  private static final byte[] JIS = {'J', 'I', 'S', 0, 0, 0, 0, 0};
  private static final int EXIF_IFD_POINTER = 0x8769;
  private static final int USER_COMMENT = 0x9286;

  private ExifUserComment() {
  }

  /** The APP1 payload ("Exif\0\0" + big-endian TIFF) holding {@code text} as UserComment. */
  public static byte[] app1Payload(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_16BE);
    int exifIfd = 8 + 18;
    int dataOffset = exifIfd + 18;
    ByteBuffer b = ByteBuffer.allocate(EXIF_HEADER.length + dataOffset + UNICODE.length + body.length)
        .order(ByteOrder.BIG_ENDIAN);
    b.put(EXIF_HEADER);
    b.put(new byte[] {'M', 'M', 0, 0x2A}).putInt(8);
    b.putShort((short) 1).putShort((short) EXIF_IFD_POINTER).putShort((short) 4).putInt(1).putInt(exifIfd).putInt(0);
    b.putShort((short) 1).putShort((short) USER_COMMENT).putShort((short) 7).putInt(UNICODE.length + body.length)
        .putInt(dataOffset).putInt(0);
    b.put(UNICODE).put(body);
    return b.array();
  }

  /**
   * The UserComment of an APP1 Exif payload, decoded as A1111 does: by its 8-byte prefix, else as UTF-8. Empty when
   * there is no UserComment.
   */
  public static Optional<String> read(byte[] app1) {
    try {
      if (app1.length < 14 || !Arrays.equals(Arrays.copyOf(app1, 6), EXIF_HEADER)) {
        return Optional.empty();
      }
      ByteBuffer tiff = ByteBuffer.wrap(app1, 6, app1.length - 6).slice();
      tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      int exifIfd = findTag(tiff, tiff.getInt(4), EXIF_IFD_POINTER, true);
      if (exifIfd < 0) {
        return Optional.empty();
      }
      int entry = findTag(tiff, exifIfd, USER_COMMENT, false);
      if (entry < 0) {
        return Optional.empty();
      }
      int count = tiff.getInt(entry + 4);
      int offset = count <= 4 ? entry + 8 : tiff.getInt(entry + 8);
      byte[] data = new byte[count];
      tiff.get(offset, data);
      return Optional.of(decode(data));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String decode(byte[] data) {
    if (data.length >= 8) {
      byte[] prefix = Arrays.copyOf(data, 8);
      Charset cs = Arrays.equals(prefix, UNICODE) ? StandardCharsets.UTF_16BE
          : Arrays.equals(prefix, ASCII) ? StandardCharsets.US_ASCII
          : Arrays.equals(prefix, JIS) ? Charset.forName("Shift_JIS") : null;
      if (cs != null) {
        return new String(data, 8, data.length - 8, cs);
      }
    }
    return new String(data, StandardCharsets.UTF_8).replace("\uFFFD", "");
  }

  /** Position of the entry with {@code tag} in the IFD at {@code ifd} (or its LONG value when {@code value}). */
  private static int findTag(ByteBuffer tiff, int ifd, int tag, boolean value) {
    int n = tiff.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + i * 12;
      if ((tiff.getShort(e) & 0xFFFF) == tag) {
        return value ? tiff.getInt(e + 8) : e;
      }
    }
    return -1;
  }
}
