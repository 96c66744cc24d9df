package io.sdnest.inference.engine.tokenizer;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's BPE tokenizer in plain Java ({@code onnx-sd.md} §4): clean, pre-tokenize, byte-level encode, merge by rank,
 * look up ids. Thread-safe.
 */
public final class ClipTokenizer {

  private static final Pattern PRE_TOKEN = Pattern.compile(
      "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

  private final Map<String, Integer> ids;
  private final BytePairEncoder bpe;
  private final SpecialTokens special;
  private final int bosId;
  private final int eosId;
  private final int padId;
  private final int unkId;

  public ClipTokenizer(ClipVocabulary vocabulary, SpecialTokens special) {
    this.ids = vocabulary.ids();
    this.bpe = new BytePairEncoder(vocabulary.merges());
    this.special = special;
    this.bosId = requireId(special.bos(), "bos");
    this.eosId = requireId(special.eos(), "eos");
    this.padId = requireId(special.pad(), "pad");
    this.unkId = requireId(special.unk(), "unk");
  }

  /** The content ids of {@code text}, without BOS/EOS and without truncation. */
  public int[] tokenize(String text) {
    String cleaned = ClipTextCleaner.clean(text);
    int[] out = new int[Math.max(8, cleaned.length())];
    int n = 0;
    Matcher m = PRE_TOKEN.matcher(cleaned);
    while (m.find()) {
      String word = m.group();
      Integer specialId = specialTokenId(word);
      if (specialId != null) {
        out = ensure(out, n + 1);
        out[n++] = specialId;
        continue;
      }
      for (String symbol : bpe.encode(ByteLevelAlphabet.encode(word))) {
        out = ensure(out, n + 1);
        out[n++] = ids.getOrDefault(symbol, unkId);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * What the diffusers pipelines feed the text encoder: BOS, the first {@code maxLength - 2} content ids, EOS, then
   * pad ids up to {@code maxLength}.
   */
  public int[] encode(String text) {
    int[] content = tokenize(text);
    int keep = Math.min(content.length, maxLength() - 2);
    int[] out = new int[maxLength()];
    Arrays.fill(out, padId);
    out[0] = bosId;
    System.arraycopy(content, 0, out, 1, keep);
    out[keep + 1] = eosId;
    return out;
  }

  /** The id of a vocabulary entry, e.g. {@code ",</w>"}. */
  public OptionalInt tokenId(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  public int bosId() {
    return bosId;
  }

  public int eosId() {
    return eosId;
  }

  public int padId() {
    return padId;
  }

  public int maxLength() {
    return special.maxLength();
  }

  public int vocabularySize() {
    return ids.size();
  }

  /** The special tokens bypass BPE, as in OpenAI's tokenizer (whose BPE cache is seeded with them). */
  private Integer specialTokenId(String word) {
    if (word.equals(SpecialTokens.START_OF_TEXT) || word.equals(SpecialTokens.END_OF_TEXT)) {
      return ids.get(word);
    }
    return null;
  }

  private int requireId(String token, String role) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the " + role + " token '" + token + "' is not in the vocabulary");
    }
    return id;
  }

  private static int[] ensure(int[] a, int size) {
    return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }
}
