package io.sdnest.inference.engine.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.TextEncoder;

/** The text encoder over token rows: parts of one encoder, sequence length and clip skip run as one call. */
public final class TextEncoderCall implements MergeableCall<TextEncoderCall.Tokens, FloatTensor> {

  public static final TextEncoderCall INSTANCE = new TextEncoderCall();

  /** Token ids {@code [rows][sequence]} to encode with {@code clipSkip} → {@code [rows, sequence, dim]}. */
  public record Tokens(TextEncoder encoder, int[][] ids, int clipSkip) {
  }

  private record Key(TextEncoder encoder, int sequence, int clipSkip) {
  }

  private TextEncoderCall() {
  }

  @Override
  public Kind kind() {
    return Kind.TEXT_ENCODER;
  }

  @Override
  public Object key(Tokens part) {
    return new Key(part.encoder(), part.ids().length == 0 ? 0 : part.ids()[0].length, part.clipSkip());
  }

  @Override
  public int rows(Tokens part) {
    return part.ids().length;
  }

  @Override
  public List<FloatTensor> run(List<Tokens> parts) {
    Tokens first = parts.get(0);
    if (parts.size() == 1) {
      return List.of(first.encoder().encode(first.ids(), first.clipSkip()));
    }
    List<int[]> ids = new ArrayList<>();
    for (Tokens part : parts) {
      ids.addAll(List.of(part.ids()));
    }
    FloatTensor all = first.encoder().encode(ids.toArray(int[][]::new), first.clipSkip());
    return MergedRows.split(all, parts.stream().map(this::rows).toList());
  }
}
