package io.sdnest.inference.engine.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Builds the CLIP vocabulary from OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} the way {@code simple_tokenizer.py}
 * does: 256 byte symbols, the same with {@code </w>}, one token per merge, then {@code <|startoftext|>} and
 * {@code <|endoftext|>} (49,408 ids).
 */
public final class OpenAiBpeFile {

  /** CLIP uses only the merges that fit its 49,408-id vocabulary. */
  private static final int MERGES_USED = 49152 - 256 - 2;

  private OpenAiBpeFile() {
  }

  public static ClipVocabulary load(Path gz) throws IOException {
    List<String[]> merges = readMerges(gz);
    List<String> tokens = new ArrayList<>(ByteLevelAlphabet.symbolsInVocabOrder());
    for (String symbol : ByteLevelAlphabet.symbolsInVocabOrder()) {
      tokens.add(symbol + BytePairEncoder.END_OF_WORD);
    }
    for (String[] merge : merges) {
      tokens.add(merge[0] + merge[1]);
    }
    tokens.add(SpecialTokens.START_OF_TEXT);
    tokens.add(SpecialTokens.END_OF_TEXT);
    Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
    return new ClipVocabulary(ids, merges);
  }

  /** A tokenizer with SD 1.x conventions (pad = end of text, 77 tokens). */
  public static ClipTokenizer tokenizer(Path gz) throws IOException {
    return new ClipTokenizer(load(gz), SpecialTokens.clipDefaults());
  }

  private static List<String[]> readMerges(Path gz) throws IOException {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      in.readLine(); // the version header
      List<String[]> merges = new ArrayList<>(MERGES_USED);
      String line;
      while (merges.size() < MERGES_USED && (line = in.readLine()) != null) {
        merges.add(MergeLine.split(line, gz));
      }
      return merges;
    }
  }
}
