package io.sdnest.inference.engine.text;

import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import io.sdnest.inference.engine.tokenizer.ClipVocabulary;
import io.sdnest.inference.engine.tokenizer.SpecialTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CLIP-style vocabulary (printable ASCII symbols, the same with {@code </w>}, a few merges, the special
 * tokens), so chunking tests run without the real merge table: every one-letter word and every punctuation mark is
 * one token, and so are {@code cat} and {@code dog}.
 */
final class TinyClipVocabulary {

  private TinyClipVocabulary() {
  }

  static ClipTokenizer tokenizer(String pad) {
    List<String> tokens = new ArrayList<>();
    for (char c = '!'; c <= '~'; c++) {
      tokens.add(String.valueOf(c));
    }
    for (char c = '!'; c <= '~'; c++) {
      tokens.add(c + "</w>");
    }
    List<String[]> merges = List.of(
        new String[] {"c", "a"}, new String[] {"ca", "t</w>"}, new String[] {"d", "o"}, new String[] {"do", "g</w>"});
    merges.forEach(m -> tokens.add(m[0] + m[1]));
    tokens.add(SpecialTokens.START_OF_TEXT);
    tokens.add(SpecialTokens.END_OF_TEXT);
    Map<String, Integer> ids = new HashMap<>();
    tokens.forEach(t -> ids.put(t, ids.size()));
    return new ClipTokenizer(new ClipVocabulary(ids, merges), SpecialTokens.clipDefaults().withPad(pad));
  }

  static ClipTokenizer sd1() {
    return tokenizer(SpecialTokens.END_OF_TEXT);
  }

  static int id(ClipTokenizer tokenizer, String token) {
    return tokenizer.tokenId(token).orElseThrow();
  }
}
