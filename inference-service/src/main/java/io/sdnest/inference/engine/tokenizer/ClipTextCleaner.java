package io.sdnest.inference.engine.tokenizer;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cleaning CLIP applies before pre-tokenizing: {@code ftfy.fix_text}, whitespace collapse, lower case.
 *
 * <p>We have no ftfy, so this is the ftfy-free path: NFC normalization, curly quotes made straight and control
 * characters removed (the parts of {@code fix_text} that change ordinary prompts), then whitespace collapsed and the
 * text lower-cased. Mojibake repair and HTML-entity unescaping are not done; for ASCII prompts ftfy is a no-op, so
 * the ids are exactly CLIP's.
 */
final class ClipTextCleaner {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  /** ftfy's {@code uncurl_quotes} sets. */
  private static final Pattern CURLY_SINGLE = Pattern.compile("[\u02bc\u2018-\u201b]");
  private static final Pattern CURLY_DOUBLE = Pattern.compile("[\u201c-\u201f]");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r\\f\\u000B]]");

  private ClipTextCleaner() {
  }

  static String clean(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    s = CURLY_SINGLE.matcher(s).replaceAll("'");
    s = CURLY_DOUBLE.matcher(s).replaceAll("\"");
    s = CONTROL.matcher(s).replaceAll("");
    s = WHITESPACE.matcher(s).replaceAll(" ").strip();
    return s.toLowerCase(Locale.ROOT);
  }
}
