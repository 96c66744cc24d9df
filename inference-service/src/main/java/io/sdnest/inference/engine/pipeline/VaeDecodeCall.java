package io.sdnest.inference.engine.pipeline;

import java.util.Arrays;
import java.util.List;

import io.sdnest.inference.engine.onnx.OnnxVaeDecoder;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** The VAE decoder: parts of one decoder and one latent size run as one call. */
public final class VaeDecodeCall implements MergeableCall<VaeDecodeCall.Latents, FloatTensor> {

  public static final VaeDecodeCall INSTANCE = new VaeDecodeCall();

  /** Latents {@code [n, 4, h, w]}, already divided by the scaling factor; the result is RGB {@code [n, 3, 8h, 8w]}. */
  public record Latents(OnnxVaeDecoder decoder, FloatTensor latents) {
  }

  private record Key(OnnxVaeDecoder decoder, List<Long> rowShape) {
  }

  private VaeDecodeCall() {
  }

  @Override
  public Kind kind() {
    return Kind.VAE_DECODER;
  }

  @Override
  public Object key(Latents part) {
    return new Key(part.decoder(), rowShape(part.latents()));
  }

  @Override
  public int rows(Latents part) {
    return Math.toIntExact(part.latents().dim(0));
  }

  @Override
  public List<FloatTensor> run(List<Latents> parts) {
    OnnxVaeDecoder decoder = parts.get(0).decoder();
    if (parts.size() == 1) {
      return List.of(decoder.decode(parts.get(0).latents()));
    }
    FloatTensor merged = decoder.decode(FloatTensor.concatRows(parts.stream().map(Latents::latents).toList()));
    return MergedRows.split(merged, parts.stream().map(this::rows).toList());
  }

  /** The shape after the row axis, which parts sharing a call must agree on. */
  static List<Long> rowShape(FloatTensor t) {
    return Arrays.stream(t.shape()).skip(1).boxed().toList();
  }
}
