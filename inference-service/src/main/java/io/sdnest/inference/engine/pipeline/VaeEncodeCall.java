package io.sdnest.inference.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.onnx.OnnxVaeEncoder;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** The VAE encoder: parts of one encoder and one image size run as one call, each row sampled with its own noise. */
public final class VaeEncodeCall implements MergeableCall<VaeEncodeCall.Images, FloatTensor> {

  public static final VaeEncodeCall INSTANCE = new VaeEncodeCall();

  /**
   * RGB {@code [n, 3, H, W]} in [-1, 1] with one noise source per image; the result is the unscaled latents
   * {@code [n, 4, H/8, W/8]}.
   */
  public record Images(OnnxVaeEncoder encoder, FloatTensor images, List<NoiseSource> noise) {
  }

  private record Key(OnnxVaeEncoder encoder, List<Long> rowShape) {
  }

  private VaeEncodeCall() {
  }

  @Override
  public Kind kind() {
    return Kind.VAE_ENCODER;
  }

  @Override
  public Object key(Images part) {
    return new Key(part.encoder(), VaeDecodeCall.rowShape(part.images()));
  }

  @Override
  public int rows(Images part) {
    return Math.toIntExact(part.images().dim(0));
  }

  @Override
  public List<FloatTensor> run(List<Images> parts) {
    OnnxVaeEncoder encoder = parts.get(0).encoder();
    if (parts.size() == 1) {
      return List.of(encoder.encode(parts.get(0).images(), parts.get(0).noise()));
    }
    List<NoiseSource> noise = new ArrayList<>();
    for (Images part : parts) {
      if (part.noise().size() != rows(part)) {
        throw new IllegalArgumentException("need one noise source per image: " + rows(part) + " images, "
            + part.noise().size() + " sources");
      }
      noise.addAll(part.noise());
    }
    FloatTensor merged = encoder.encode(FloatTensor.concatRows(parts.stream().map(Images::images).toList()), noise);
    return MergedRows.split(merged, parts.stream().map(this::rows).toList());
  }
}
