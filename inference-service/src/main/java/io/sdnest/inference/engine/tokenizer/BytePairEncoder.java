package io.sdnest.inference.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-pair encoding of one pre-token: the last symbol carries {@code </w>}, then the adjacent pair with the
 * lowest merge rank is merged until no pair is in the table. Results are cached (prompts repeat words a lot).
 */
final class BytePairEncoder {

  static final String END_OF_WORD = "</w>";
  /** Bounds the cache so hostile prompts cannot grow it without limit; refilling is cheap. */
  private static final int CACHE_LIMIT = 50_000;

  private final Map<String, Integer> ranks;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  /** @param merges pairs in rank order, each as {@code {left, right}} */
  BytePairEncoder(List<String[]> merges) {
    Map<String, Integer> r = new HashMap<>(merges.size() * 2);
    for (int i = 0; i < merges.size(); i++) {
      String[] pair = merges.get(i);
      r.putIfAbsent(pairKey(pair[0], pair[1]), i);
    }
    this.ranks = r;
  }

  /** Symbols that the word {@code symbols} (already byte-level encoded) becomes. */
  List<String> encode(String word) {
    List<String> hit = cache.get(word);
    if (hit != null) {
      return hit;
    }
    List<String> result = List.copyOf(merge(word));
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(word, result);
    return result;
  }

  private List<String> merge(String word) {
    List<String> symbols = new ArrayList<>(word.length());
    word.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
    int last = symbols.size() - 1;
    symbols.set(last, symbols.get(last) + END_OF_WORD);
    while (symbols.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      String bestLeft = null;
      String bestRight = null;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = ranks.get(pairKey(symbols.get(i), symbols.get(i + 1)));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          bestLeft = symbols.get(i);
          bestRight = symbols.get(i + 1);
        }
      }
      if (bestLeft == null) {
        break;
      }
      mergeAll(symbols, bestLeft, bestRight);
    }
    return symbols;
  }

  /** Replaces every non-overlapping occurrence of the pair, left to right. */
  private static void mergeAll(List<String> symbols, String left, String right) {
    List<String> merged = new ArrayList<>(symbols.size());
    int i = 0;
    while (i < symbols.size()) {
      if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
        merged.add(left + right);
        i += 2;
      } else {
        merged.add(symbols.get(i));
        i++;
      }
    }
    symbols.clear();
    symbols.addAll(merged);
  }

  /** Symbols never contain a space (the space byte has its own symbol), so it separates the pair unambiguously. */
  private static String pairKey(String left, String right) {
    return left + ' ' + right;
  }
}
