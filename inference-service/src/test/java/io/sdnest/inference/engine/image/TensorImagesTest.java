package io.sdnest.inference.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sdnest.inference.engine.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class TensorImagesTest {

  @Test
  void decoderOutputIsClampedScaledAndTruncatedLikeA1111() {
    float[] data = {-2f, -1f, 0f, 1f, 3f, 0.999f, // R
        0.5f, -0.5f, 0.1f, 0.9f, 0f, 0f, // G
        0f, 0f, 0f, 0f, 0f, 0f}; // B
    Bitmap img = TensorImages.toBitmap(new FloatTensor(data, new long[] {3, 2, 3}));
    assertThat(img.width()).isEqualTo(3);
    assertThat(img.height()).isEqualTo(2);
    int[] red = new int[6];
    for (int i = 0; i < 6; i++) {
      red[i] = img.get(i % 3, i / 3, 0);
    }
    // 0.5 -> 127.5 truncates to 127 (diffusers would round to 128)
    assertThat(red).containsExactly(0, 0, 127, 255, 255, 254);
    assertThat(img.get(0, 0, 1)).isEqualTo((int) (255f * 0.75f));
    assertThat(img.get(2, 0, 1)).isEqualTo((int) (255f * ((0.1f + 1f) / 2f)));
  }

  @Test
  void imageToTensorInvertsForEveryByteWithinTruncation() {
    byte[] px = new byte[256 * 3];
    for (int i = 0; i < 256; i++) {
      px[i * 3] = (byte) i;
      px[i * 3 + 1] = (byte) (255 - i);
      px[i * 3 + 2] = (byte) (i / 2);
    }
    Bitmap img = new Bitmap(256, 1, 3, px);
    FloatTensor t = TensorImages.toTensor(img);
    assertThat(t.shape()).containsExactly(3, 1, 256);
    assertThat(t.data()[0]).isEqualTo(-1f);
    assertThat(t.data()[255]).isEqualTo(1f);
    Bitmap back = TensorImages.toBitmap(t);
    for (int i = 0; i < px.length; i++) {
      assertThat(Math.abs((back.data()[i] & 0xFF) - (px[i] & 0xFF))).isLessThanOrEqualTo(1);
    }
  }
}
