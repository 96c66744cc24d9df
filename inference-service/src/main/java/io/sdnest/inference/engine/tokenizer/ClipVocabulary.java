package io.sdnest.inference.engine.tokenizer;

import java.util.List;
import java.util.Map;

/**
 * A CLIP BPE vocabulary: token → id ({@code vocab.json}) and the merge pairs in rank order ({@code merges.txt}).
 *
 * @param merges each pair as {@code {left, right}}
 */
public record ClipVocabulary(Map<String, Integer> ids, List<String[]> merges) {

  public ClipVocabulary {
    ids = Map.copyOf(ids);
    merges = List.copyOf(merges);
  }
}
