package io.sdnest.inference.engine.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo model's CLIP-style BPE vocabulary: the 256 byte symbols, the same with {@code </w>}, one merge per step
 * needed to make each known word a single token, then {@code <|startoftext|>} and {@code <|endoftext|>} (ids in that
 * order, as CLIP's vocabulary is built). Merges are added so that a standard CLIP BPE tokenizer (merge the lowest-ranked
 * adjacent pair until none applies) turns every known word into its own token: a merge appended later never outranks
 * an earlier one, so words already made whole stay whole.
 */
public final class DemoVocabulary {

  public static final String BOS = "<|startoftext|>";
  public static final String EOS = "<|endoftext|>";

  /** Words that become whole tokens; the colour words come from {@link DemoMath#colours()}. */
  static final List<String> WORDS = List.of(
      "a", "an", "the", "of", "in", "on", "at", "with", "and", "or", "by", "to", "for", "is",
      "photo", "picture", "painting", "drawing", "portrait", "landscape", "art", "style", "image",
      "cat", "dog", "horse", "bird", "fish", "house", "tree", "flower", "car", "sky", "sea", "mountain", "city",
      "river", "forest", "road", "field", "sun", "moon", "star", "cloud", "night", "day", "sunset", "light", "dark",
      "bright", "beautiful", "old", "new", "small", "big", "man", "woman", "girl", "boy", "astronaut", "riding",
      "mars", "hello", "world", "high", "quality", "detailed", "masterpiece", "best", "worst", "low", "blurry",
      "ugly", "bad", "good", "colour", "color", "square", "circle", "background");

  private final List<String> tokens = new ArrayList<>();
  private final List<String[]> merges = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();

  public DemoVocabulary() {
    List<String> bytes = byteSymbols();
    tokens.addAll(bytes);
    for (String b : bytes) {
      tokens.add(b + "</w>");
    }
    Map<String, Integer> ranks = new HashMap<>();
    List<String> words = new ArrayList<>(DemoMath.colours().keySet());
    words.addAll(WORDS);
    for (String word : words) {
      List<String> parts = bpe(word, ranks);
      while (parts.size() > 1) {
        String[] pair = {parts.get(0), parts.get(1)};
        String merged = pair[0] + pair[1];
        if (tokens.contains(merged)) {
          throw new IllegalStateException("merge " + pair[0] + " " + pair[1] + " would duplicate token " + merged);
        }
        ranks.put(pair[0] + " " + pair[1], merges.size());
        merges.add(pair);
        tokens.add(merged);
        parts = bpe(word, ranks);
      }
    }
    tokens.add(BOS);
    tokens.add(EOS);
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
  }

  /** Token → id, in id order. */
  public Map<String, Integer> vocab() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      out.put(tokens.get(i), i);
    }
    return out;
  }

  public List<String[]> merges() {
    return Collections.unmodifiableList(merges);
  }

  public int size() {
    return tokens.size();
  }

  public int bos() {
    return ids.get(BOS);
  }

  public int eos() {
    return ids.get(EOS);
  }

  /** The id of a known whole word (as its {@code </w>} token). */
  public int wordId(String word) {
    Integer id = ids.get(word + "</w>");
    if (id == null) {
      throw new IllegalArgumentException("not a whole word of the demo vocabulary: " + word);
    }
    return id;
  }

  public String token(int id) {
    return tokens.get(id);
  }

  /** CLIP BPE of one lower-case ASCII word. */
  static List<String> bpe(String word, Map<String, Integer> ranks) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < word.length(); i++) {
      parts.add(i == word.length() - 1 ? word.charAt(i) + "</w>" : String.valueOf(word.charAt(i)));
    }
    while (parts.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer r = ranks.get(parts.get(i) + " " + parts.get(i + 1));
        if (r != null && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      String first = parts.get(best);
      String second = parts.get(best + 1);
      List<String> next = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        if (i + 1 < parts.size() && parts.get(i).equals(first) && parts.get(i + 1).equals(second)) {
          next.add(first + second);
          i++;
        } else {
          next.add(parts.get(i));
        }
      }
      parts = next;
    }
    return parts;
  }

  /** GPT-2's bytes_to_unicode symbols in CLIP's vocabulary order. */
  static List<String> byteSymbols() {
    List<Integer> bs = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) {
      bs.add(b);
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      bs.add(b);
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      bs.add(b);
    }
    List<Integer> cs = new ArrayList<>(bs);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!bs.contains(b)) {
        bs.add(b);
        cs.add(256 + n++);
      }
    }
    List<String> out = new ArrayList<>();
    for (int c : cs) {
      out.add(new String(Character.toChars(c)));
    }
    return out;
  }
}
