package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class PngWriterTest {

  @Test
  void everyChunkCarriesAValidCrc() {
    byte[] png = PngWriter.write(noise(33, 17, 3), Map.of("parameters", "a cat\nSteps: 20"));
    ByteBuffer b = ByteBuffer.wrap(png);
    int chunks = 0;
    for (int pos = 8; pos < png.length; pos += 12 + b.getInt(pos)) {
      int length = b.getInt(pos);
      CRC32 crc = new CRC32();
      crc.update(png, pos + 4, 4 + length);
      assertThat(b.getInt(pos + 8 + length)).isEqualTo((int) crc.getValue());
      chunks++;
    }
    assertThat(chunks).isEqualTo(4);
  }

  @Test
  void idatHoldsUpFilteredRowsThatReconstructThePixels() throws Exception {
    Bitmap image = noise(9, 5, 4);
    byte[] png = PngWriter.write(image, Map.of());
    ByteBuffer b = ByteBuffer.wrap(png);
    int pos = 8;
    while (!new String(png, pos + 4, 4, "US-ASCII").equals("IDAT")) {
      pos += 12 + b.getInt(pos);
    }
    Inflater inflater = new Inflater();
    inflater.setInput(png, pos + 8, b.getInt(pos));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buf = new byte[256];
    while (!inflater.finished()) {
      raw.write(buf, 0, inflater.inflate(buf));
    }
    byte[] rows = raw.toByteArray();
    int stride = 9 * 4;
    byte[] pixels = new byte[stride * 5];
    for (int y = 0; y < 5; y++) {
      assertThat(rows[y * (stride + 1)]).isEqualTo((byte) 2);
      for (int i = 0; i < stride; i++) {
        int above = y == 0 ? 0 : pixels[(y - 1) * stride + i];
        pixels[y * stride + i] = (byte) (rows[y * (stride + 1) + 1 + i] + above);
      }
    }
    assertThat(Arrays.equals(pixels, image.data())).isTrue();
  }

  private static Bitmap noise(int w, int h, int channels) {
    byte[] d = new byte[w * h * channels];
    new Random(w * 31L + h).nextBytes(d);
    return new Bitmap(w, h, channels, d);
  }
}
