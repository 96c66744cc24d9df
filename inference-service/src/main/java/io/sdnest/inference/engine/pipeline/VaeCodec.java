package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.TensorImages;
import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxVaeEncoder;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Between RGB images and the sampler's latents (the VAE's latents × scaling_factor). The scaling and the conversion
 * to and from images run on the caller's thread; each image is its own part of a VAE call made through
 * {@link DeviceCalls}, so the pixels never depend on which other images shared the call.
 */
final class VaeCodec {

  private final LoadedPipeline model;

  VaeCodec(LoadedPipeline model) {
    this.model = model;
  }

  /** Each latent [4, h, w] → RGB 8h × 8w, in order. */
  List<Bitmap> decode(List<float[]> latents, int height, int width, DeviceCalls device) {
    float scale = (float) model.scalingFactor();
    List<VaeDecodeCall.Latents> parts = new ArrayList<>(latents.size());
    for (float[] latent : latents) {
      float[] u = new float[latent.length];
      for (int i = 0; i < u.length; i++) {
        u[i] = latent[i] / scale;
      }
      parts.add(new VaeDecodeCall.Latents(model.vaeDecoder(), new FloatTensor(u, new long[] {1, 4, height, width})));
    }
    return device.run(VaeDecodeCall.INSTANCE, parts).stream().map(rgb -> TensorImages.toBitmap(rgb, 0)).toList();
  }

  /** RGB → latent [4, H/8, W/8]; {@code noise} samples latent_parameters where the encoder returns them. */
  float[] encode(Bitmap rgb, NoiseSource noise, DeviceCalls device) {
    return encode(List.of(rgb), List.of(noise), device).get(0);
  }

  /** Each RGB image → latent [4, H/8, W/8], in order, image i sampled with {@code noise[i]}. */
  List<float[]> encode(List<Bitmap> images, List<NoiseSource> noise, DeviceCalls device) {
    List<FloatTensor> chw = images.stream().map(TensorImages::toTensor).toList();
    return encodeTensors(chw, noise, device);
  }

  /** A [3, H, W] image in [-1, 1] → latent [4, H/8, W/8]. */
  float[] encode(FloatTensor chw, NoiseSource noise, DeviceCalls device) {
    return encodeTensors(List.of(chw), List.of(noise), device).get(0);
  }

  private List<float[]> encodeTensors(List<FloatTensor> chw, List<NoiseSource> noise, DeviceCalls device) {
    OnnxVaeEncoder encoder = model.vaeEncoder().orElseThrow(() -> new ValidationException("init_images",
        "the model " + model.name() + " has no VAE encoder, so it cannot take init images"));
    List<VaeEncodeCall.Images> parts = new ArrayList<>(chw.size());
    for (int i = 0; i < chw.size(); i++) {
      FloatTensor image = chw.get(i);
      parts.add(new VaeEncodeCall.Images(encoder, new FloatTensor(image.data(),
          new long[] {1, image.dim(0), image.dim(1), image.dim(2)}), List.of(noise.get(i))));
    }
    float scale = (float) model.scalingFactor();
    List<float[]> out = new ArrayList<>(parts.size());
    for (FloatTensor latent : device.run(VaeEncodeCall.INSTANCE, parts)) {
      float[] z = latent.data();
      for (int i = 0; i < z.length; i++) {
        z[i] *= scale;
      }
      out.add(z);
    }
    return out;
  }
}
