package io.sdnest.inference.engine.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** OpenAI's CLIP merge table, found through the {@code test.clip-bpe} system property; tests skip without it. */
public final class ClipBpeFixture {

  private static ClipVocabulary vocabulary;

  private ClipBpeFixture() {
  }

  public static Path path() {
    String property = System.getProperty("test.clip-bpe");
    assumeTrue(property != null, "system property test.clip-bpe is not set; skipping tests that need the CLIP vocabulary");
    Path p = Path.of(property);
    assumeTrue(Files.exists(p), "CLIP merge table " + p + " is absent; skipping tests that need the CLIP vocabulary");
    return p;
  }

  /** The real CLIP vocabulary, read once per test JVM (it takes about a second). */
  public static synchronized ClipVocabulary vocabulary() {
    Path p = path();
    if (vocabulary == null) {
      try {
        vocabulary = OpenAiBpeFile.load(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return vocabulary;
  }

  public static ClipTokenizer sd1Tokenizer() {
    return new ClipTokenizer(vocabulary(), SpecialTokens.clipDefaults());
  }
}
