package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.prompt.AttentionParser;
import io.sdnest.inference.engine.prompt.PromptSchedule;
import io.sdnest.inference.engine.prompt.PromptScheduler;
import io.sdnest.inference.engine.prompt.WeightedText;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns prompt text into text-encoder conditioning the way A1111 does ({@code sd_hijack_clip}): emphasis syntax, 75-token
 * chunks each encoded on its own, weights applied to the hidden states, chunks concatenated along the token axis.
 */
public final class PromptConditioner {

  /** The request field clip skip comes from. */
  static final String CLIP_SKIP_FIELD = "CLIP_stop_at_last_layers";

  private final TextEncoder encoder;
  private final ClipTokenizer tokenizer;
  private final ConditionerOptions options;
  private final PromptChunker chunker;

  public PromptConditioner(TextEncoder encoder, ClipTokenizer tokenizer, ConditionerOptions options) {
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.options = options;
    this.chunker = new PromptChunker(tokenizer, options.commaPaddingBacktrack());
  }

  /** {@code [1, 77 * chunks, dim]} for the positive prompt. */
  public FloatTensor encode(String prompt) {
    return encode(List.of(prompt), "prompt");
  }

  /**
   * Encodes texts as one batch, {@code [texts, 77 * chunks, dim]}: a text with fewer chunks than the longest gets
   * empty-prompt chunks, and the emphasis mean is taken over the whole batch of each chunk, as in A1111.
   *
   * @param field the request field the texts come from, named in validation errors
   */
  public FloatTensor encode(List<String> texts, String field) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts to encode");
    }
    checkClipSkip();
    List<List<PromptChunk>> perText = new ArrayList<>(texts.size());
    for (String text : texts) {
      perText.add(chunker.chunk(parse(text, field)));
    }
    int chunkCount = perText.stream().mapToInt(List::size).max().orElse(1);
    if (chunkCount > options.maxChunks()) {
      int chunkLength = tokenizer.maxLength() - 2;
      throw new ValidationException(field, field + " is too long: it needs " + chunkCount + " chunks of "
          + chunkLength + " tokens; the limit is " + options.maxChunks() + " chunks ("
          + options.maxChunks() * chunkLength + " tokens)");
    }
    int rows = texts.size();
    int length = tokenizer.maxLength();
    int dim = encoder.hiddenSize();
    float[] out = new float[rows * chunkCount * length * dim];
    PromptChunk empty = chunker.chunk(List.of(new WeightedText("", 1.0))).get(0);
    for (int c = 0; c < chunkCount; c++) {
      int[][] ids = new int[rows][];
      float[] multipliers = new float[rows * length];
      for (int r = 0; r < rows; r++) {
        PromptChunk chunk = c < perText.get(r).size() ? perText.get(r).get(c) : empty;
        ids[r] = withPadding(chunk.tokens());
        System.arraycopy(chunk.multipliers(), 0, multipliers, r * length, length);
      }
      float[] z = encodeChunk(ids, rows, length, dim);
      options.emphasis().apply(z, multipliers, dim);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(z, r * length * dim, out, (r * chunkCount + c) * length * dim, length * dim);
      }
    }
    return new FloatTensor(out, new long[] {rows, (long) chunkCount * length, dim});
  }

  /**
   * The prompt's schedule (prompt editing, alternation) encoded: one conditioning per distinct span of steps, all
   * schedule texts encoded as one batch as A1111 does.
   */
  public List<ScheduledConditioning> encodeSchedule(String prompt, int steps, String field) {
    List<PromptSchedule> schedule = PromptScheduler.schedule(prompt, steps);
    FloatTensor all = encode(schedule.stream().map(PromptSchedule::text).toList(), field);
    List<ScheduledConditioning> out = new ArrayList<>(schedule.size());
    for (int i = 0; i < schedule.size(); i++) {
      FloatTensor row = new FloatTensor(all.row(i), new long[] {1, all.dim(1), all.dim(2)});
      out.add(new ScheduledConditioning(schedule.get(i).endAtStep(), row));
    }
    return out;
  }

  private List<WeightedText> parse(String text, String field) {
    if (!options.emphasis().parsesSyntax()) {
      return List.of(new WeightedText(text, 1.0));
    }
    try {
      return AttentionParser.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, e.getMessage());
    }
  }

  /** SD 2.x pads with a token other than EOS: everything after the first EOS becomes the pad token. */
  private int[] withPadding(int[] tokens) {
    if (tokenizer.padId() == tokenizer.eosId()) {
      return tokens;
    }
    int[] out = tokens.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == tokenizer.eosId()) {
        Arrays.fill(out, i + 1, out.length, tokenizer.padId());
        break;
      }
    }
    return out;
  }

  private float[] encodeChunk(int[][] ids, int rows, int length, int dim) {
    FloatTensor z = encoder.encode(ids, options.clipSkip());
    long[] want = {rows, length, dim};
    if (!Arrays.equals(z.shape(), want)) {
      throw new IllegalStateException("text encoder returned " + Arrays.toString(z.shape()) + ", expected "
          + Arrays.toString(want));
    }
    return z.data().clone();
  }

  private void checkClipSkip() {
    int clipSkip = options.clipSkip();
    if (clipSkip < 1) {
      throw new ValidationException(CLIP_SKIP_FIELD, "clip skip must be at least 1, got " + clipSkip);
    }
    if (clipSkip > 1 && !encoder.exposesHiddenStates()) {
      throw new ValidationException(CLIP_SKIP_FIELD, "clip skip " + clipSkip + " needs the states of earlier "
          + "text-encoder layers, but this model's text encoder returns only its last layer; allowed value: 1");
    }
  }
}
