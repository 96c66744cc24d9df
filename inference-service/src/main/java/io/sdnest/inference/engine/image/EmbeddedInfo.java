package io.sdnest.inference.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What A1111's {@code images.read_info_from_image} finds in an image file: {@code parameters} (the infotext, from the
 * PNG text chunk or the JPEG EXIF UserComment / COM comment; null when absent) and {@code items}, the file's other
 * metadata entries as PIL reports them (text chunks, {@code gamma}, {@code srgb}) minus the keys A1111 drops.
 */
public record EmbeddedInfo(String parameters, Map<String, Object> items) {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final Set<String> IGNORED = Set.of("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "exif",
      "loop", "background", "timestamp", "duration", "progressive", "progression", "icc_profile", "chromaticity",
      "photoshop");

  /** Reads the metadata of PNG or JPEG bytes; other formats (and damaged metadata) give nothing. */
  public static EmbeddedInfo read(byte[] file) {
    Map<String, Object> items = new LinkedHashMap<>();
    String exifComment = null;
    if (file.length >= 8 && Arrays.equals(Arrays.copyOf(file, 8), PNG_SIGNATURE)) {
      readPng(file, items);
    } else if (file.length >= 4 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xD8) {
      exifComment = readJpeg(file, items);
    }
    Object parameters = items.remove("parameters");
    String info = parameters instanceof String s ? s : null;
    if (exifComment != null) {
      if (!exifComment.isEmpty()) {
        info = exifComment;
      }
    } else if (items.get("comment") instanceof byte[] comment) {
      info = new String(comment, StandardCharsets.UTF_8).replace("\uFFFD", "");
      items.remove("comment");
    }
    IGNORED.forEach(items::remove);
    if (items.get("comment") instanceof byte[] comment) {
      items.put("comment", new String(comment, StandardCharsets.UTF_8));
    }
    return new EmbeddedInfo(info, items);
  }

  private static void readPng(byte[] file, Map<String, Object> items) {
    ByteBuffer b = ByteBuffer.wrap(file);
    int pos = 8;
    while (pos + 12 <= file.length) {
      int len = b.getInt(pos);
      if (len < 0 || pos + 12L + len > file.length) {
        return;
      }
      String type = new String(file, pos + 4, 4, StandardCharsets.ISO_8859_1);
      int data = pos + 8;
      try {
        switch (type) {
          case "tEXt" -> text(file, data, len, items);
          case "zTXt" -> ztext(file, data, len, items);
          case "iTXt" -> itext(file, data, len, items);
          case "gAMA" -> items.put("gamma", b.getInt(data) / 100000.0);
          case "sRGB" -> items.put("srgb", file[data] & 0xFF);
          case "IEND" -> {
            return;
          }
          default -> {
          }
        }
      } catch (RuntimeException | DataFormatException e) {
        // A damaged chunk is skipped, as PIL does for text chunks it cannot read.
      }
      pos += 12 + len;
    }
  }

  private static int nul(byte[] f, int from, int end) {
    for (int i = from; i < end; i++) {
      if (f[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static void text(byte[] f, int data, int len, Map<String, Object> items) {
    int k = nul(f, data, data + len);
    String key = new String(f, data, (k < 0 ? data + len : k) - data, StandardCharsets.ISO_8859_1);
    String value = k < 0 ? "" : new String(f, k + 1, data + len - k - 1, StandardCharsets.ISO_8859_1);
    items.put(key, value);
  }

  private static void ztext(byte[] f, int data, int len, Map<String, Object> items) throws DataFormatException {
    int k = nul(f, data, data + len);
    String key = new String(f, data, k - data, StandardCharsets.ISO_8859_1);
    byte[] raw = inflate(f, k + 2, data + len - k - 2);
    items.put(key, new String(raw, StandardCharsets.ISO_8859_1));
  }

  private static void itext(byte[] f, int data, int len, Map<String, Object> items) throws DataFormatException {
    int end = data + len;
    int k = nul(f, data, end);
    String key = new String(f, data, k - data, StandardCharsets.ISO_8859_1);
    boolean compressed = f[k + 1] != 0;
    int lang = nul(f, k + 3, end);
    int tkey = nul(f, lang + 1, end);
    int start = tkey + 1;
    byte[] raw = compressed ? inflate(f, start, end - start) : Arrays.copyOfRange(f, start, end);
    items.put(key, new String(raw, StandardCharsets.UTF_8));
  }

  private static byte[] inflate(byte[] f, int off, int len) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(f, off, len);
      ByteArrayOutputStream out = new ByteArrayOutputStream(len * 4);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  /** Walks the JPEG markers up to the scan; returns the EXIF UserComment when there is an EXIF block, else null. */
  private static String readJpeg(byte[] f, Map<String, Object> items) {
    int pos = 2;
    String comment = null;
    boolean exif = false;
    while (pos + 4 <= f.length && (f[pos] & 0xFF) == 0xFF) {
      int marker = f[pos + 1] & 0xFF;
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break;
      }
      int len = ((f[pos + 2] & 0xFF) << 8) | (f[pos + 3] & 0xFF);
      int start = pos + 4;
      int end = Math.min(f.length, pos + 2 + len);
      if (marker == 0xE1 && !exif && end - start >= 6 && f[start] == 'E' && f[start + 1] == 'x') {
        exif = true;
        comment = ExifUserComment.read(Arrays.copyOfRange(f, start, end)).orElse("");
      } else if (marker == 0xFE) {
        items.put("comment", Arrays.copyOfRange(f, start, end));
      }
      pos += 2 + len;
    }
    return exif ? comment : null;
  }
}
