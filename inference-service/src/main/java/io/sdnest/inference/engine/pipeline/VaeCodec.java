package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.TensorImages;
import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.ValidationException;
import java.util.List;

/** Between RGB images and the sampler's latents (the VAE's latents × scaling_factor), one image per call. */
final class VaeCodec {

  private final LoadedPipeline model;

  VaeCodec(LoadedPipeline model) {
    this.model = model;
  }

  /** {@code latent} [4, h, w] → RGB 8h × 8w. One image per call: the decoded pixels never depend on batching. */
  Bitmap decode(float[] latent, int height, int width) {
    float scale = (float) model.scalingFactor();
    float[] u = new float[latent.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = latent[i] / scale;
    }
    FloatTensor rgb = model.vaeDecoder().decode(new FloatTensor(u, new long[] {1, 4, height, width}));
    return TensorImages.toBitmap(rgb, 0);
  }

  /** RGB → latent [4, H/8, W/8]; {@code noise} samples latent_parameters where the encoder returns them. */
  float[] encode(Bitmap rgb, NoiseSource noise) {
    return encode(TensorImages.toTensor(rgb), noise);
  }

  /** A [3, H, W] image in [-1, 1] → latent [4, H/8, W/8]. */
  float[] encode(FloatTensor chw, NoiseSource noise) {
    var encoder = model.vaeEncoder().orElseThrow(() -> new ValidationException("init_images",
        "the model " + model.name() + " has no VAE encoder, so it cannot take init images"));
    FloatTensor batch = new FloatTensor(chw.data(), new long[] {1, chw.dim(0), chw.dim(1), chw.dim(2)});
    float[] z = encoder.encode(batch, List.of(noise)).data();
    float scale = (float) model.scalingFactor();
    for (int i = 0; i < z.length; i++) {
      z[i] *= scale;
    }
    return z;
  }
}
