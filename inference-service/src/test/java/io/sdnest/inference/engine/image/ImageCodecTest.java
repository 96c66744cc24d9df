package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.infotext.PngInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

  private static Bitmap noise(int w, int h, int channels, long seed) {
    byte[] d = new byte[w * h * channels];
    new Random(seed).nextBytes(d);
    return new Bitmap(w, h, channels, d);
  }

  /** Chunk types of a PNG file, in order. */
  private static List<String> chunks(byte[] png) {
    List<String> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(png);
    for (int pos = 8; pos + 8 <= png.length; pos += 12 + b.getInt(pos)) {
      out.add(new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void latin1InfotextGoesIntoATextChunkAndReadsBack() {
    String text = "a café\nSteps: 20, Sampler: Euler, Seed: 1";
    byte[] png = ImageCodec.encodePng(noise(16, 8, 3, 1), text);
    assertThat(chunks(png)).containsSubsequence("IHDR", "tEXt", "IDAT", "IEND").doesNotContain("iTXt", "tIME");
    PngInfo info = PngInfo.of(png);
    assertThat(info.info()).isEqualTo(text);
    assertThat(info.items()).isEmpty();
    assertThat(info.parameters()).containsEntry("Prompt", "a café").containsEntry("Seed", "1");
  }

  @Test
  void nonLatin1InfotextGoesIntoAnUncompressedItxtChunk() {
    String text = "一只猫 🐱\nSteps: 20, Sampler: Euler, Seed: 1";
    byte[] png = ImageCodec.encodePng(noise(16, 8, 3, 1), text);
    assertThat(chunks(png)).contains("iTXt").doesNotContain("tEXt", "zTXt");
    assertThat(PngInfo.of(png).info()).isEqualTo(text);
  }

  @Test
  void pngBytesAreDeterministicAndPixelsSurvive() {
    Bitmap img = noise(64, 48, 3, 7);
    byte[] a = ImageCodec.encodePng(img, "x\nSteps: 1, Sampler: Euler, Seed: 1");
    byte[] b = ImageCodec.encodePng(img.copy(), "x\nSteps: 1, Sampler: Euler, Seed: 1");
    assertThat(a).isEqualTo(b);
    assertThat(ImageCodec.decode("image", a)).isEqualTo(img);
  }

  @Test
  void jpegCarriesTheInfotextInExifUserComment() {
    String text = "ünïcode 猫\nSteps: 20, Sampler: Euler, Seed: 1";
    byte[] jpg = ImageCodec.encode(noise(32, 32, 3, 3), OutputFormat.of("JPG"), text, 80);
    assertThat(jpg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(PngInfo.of(jpg).info()).isEqualTo(text);
    assertThat(PngInfo.of(jpg).items()).isEmpty();
    Bitmap back = ImageCodec.decode("image", jpg);
    assertThat(back.width()).isEqualTo(32);
    assertThat(back.channels()).isEqualTo(3);
    assertThat(PngInfo.of(ImageCodec.encodeJpeg(noise(8, 8, 3, 1), null, 80)).info()).isEmpty();
  }

  @Test
  void otherSamplesFormatsAreRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> OutputFormat.of("webp")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("png, jpg, jpeg")
        .extracting(e -> ((ValidationException) e).field()).isEqualTo("samples_format");
  }

  @Test
  void decodesRawBase64AndDataUrls() {
    Bitmap img = noise(5, 3, 3, 9);
    String b64 = ImageCodec.toBase64(ImageCodec.encodePng(img, null));
    assertThat(b64).doesNotContain("\n", "data:");
    assertThat(ImageCodec.decodeBase64("init_images", b64)).isEqualTo(img);
    assertThat(ImageCodec.decodeBase64("init_images", "data:image/png;base64," + b64)).isEqualTo(img);
    assertThat(ImageCodec.decodeBase64("mask", "  data:image/jpeg;base64," + b64 + "\n")).isEqualTo(img);
  }

  @Test
  void undecodableInputIsAValidationErrorNamingTheField() {
    for (String bad : new String[] {null, "", "not base64 !!", Base64.getEncoder().encodeToString("hello".getBytes()),
        "data:image/png,AAAA", "http://example.com/x.png"}) {
      assertThatThrownBy(() -> ImageCodec.decodeBase64("init_images", bad)).as(String.valueOf(bad))
          .isInstanceOf(ValidationException.class).hasMessage("Invalid encoded image")
          .extracting(e -> ((ValidationException) e).field()).isEqualTo("init_images");
    }
  }

  @Test
  void keepsAlphaAndGreyModesSoCallersCanFlattenLikeA1111() {
    Bitmap rgba = noise(4, 4, 4, 2);
    Bitmap decoded = ImageCodec.decode("image", ImageCodec.encodePng(rgba, null));
    assertThat(decoded).isEqualTo(rgba);
    Bitmap grey = noise(4, 4, 1, 2);
    assertThat(ImageCodec.decode("image", ImageCodec.encodePng(grey, null))).isEqualTo(grey);
    Bitmap flat = PilModes.flatten(Bitmap.filled(1, 1, 200, 100, 0, 64), 255, 255, 255);
    // 200*64 + 255*191 = 61505 -> /255 rounded = 241; 100*64+255*191 = 55105 -> 216; 0 -> 191
    assertThat(flat.data()).containsExactly((byte) 241, (byte) 216, (byte) 191);
  }
}
