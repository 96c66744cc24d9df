package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.prompt.WeightedText;
import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits weighted prompt text into encoder-sized chunks as A1111's {@code sd_hijack_clip.tokenize_line} does: 75
 * content tokens per chunk framed by BOS/EOS and padded with EOS; a chunk that fills up moves the text after its last
 * comma to the next chunk when that comma is within {@code commaPaddingBacktrack} tokens of the end; BREAK starts a
 * new chunk; an empty prompt is one chunk.
 */
final class PromptChunker {

  private final ClipTokenizer tokenizer;
  private final int commaPaddingBacktrack;
  private final int chunkLength;
  private final int commaId;

  PromptChunker(ClipTokenizer tokenizer, int commaPaddingBacktrack) {
    this.tokenizer = tokenizer;
    this.commaPaddingBacktrack = commaPaddingBacktrack;
    this.chunkLength = tokenizer.maxLength() - 2;
    this.commaId = tokenizer.tokenId(",</w>").orElse(-1);
  }

  List<PromptChunk> chunk(List<WeightedText> parsed) {
    Builder b = new Builder();
    for (WeightedText part : parsed) {
      if (part.isBreak()) {
        b.next();
        continue;
      }
      float weight = (float) part.weight();
      for (int id : tokenizer.tokenize(part.text())) {
        if (id == commaId) {
          b.lastComma = b.size;
        } else if (commaPaddingBacktrack != 0 && b.size == chunkLength && b.lastComma != -1
            && b.size - b.lastComma <= commaPaddingBacktrack) {
          b.moveAfterLastCommaToNextChunk();
        }
        if (b.size == chunkLength) {
          b.next();
        }
        b.add(id, weight);
      }
    }
    if (b.size > 0 || b.chunks.isEmpty()) {
      b.next();
    }
    return b.chunks;
  }

  /** The chunk being filled and those done. */
  private final class Builder {
    final List<PromptChunk> chunks = new ArrayList<>();
    int[] tokens = new int[chunkLength];
    float[] multipliers = new float[chunkLength];
    int size;
    int lastComma = -1;

    void add(int id, float weight) {
      tokens[size] = id;
      multipliers[size] = weight;
      size++;
    }

    void moveAfterLastCommaToNextChunk() {
      int breakAt = lastComma + 1;
      int[] movedTokens = Arrays.copyOfRange(tokens, breakAt, size);
      float[] movedWeights = Arrays.copyOfRange(multipliers, breakAt, size);
      size = breakAt;
      next();
      for (int i = 0; i < movedTokens.length; i++) {
        add(movedTokens[i], movedWeights[i]);
      }
    }

    void next() {
      int[] framed = new int[chunkLength + 2];
      float[] weights = new float[chunkLength + 2];
      Arrays.fill(framed, tokenizer.eosId());
      Arrays.fill(weights, 1f);
      framed[0] = tokenizer.bosId();
      System.arraycopy(tokens, 0, framed, 1, size);
      System.arraycopy(multipliers, 0, weights, 1, size);
      chunks.add(new PromptChunk(framed, weights));
      size = 0;
      lastComma = -1;
    }
  }
}
