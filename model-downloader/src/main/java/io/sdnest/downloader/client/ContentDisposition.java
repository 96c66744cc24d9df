package io.sdnest.downloader.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The file name a {@code Content-Disposition} header suggests ({@code filename*} before {@code filename}); unsanitised. */
public final class ContentDisposition {

  private static final Pattern EXTENDED = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED = Pattern.compile("filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("filename\\s*=\\s*([^;\\s\"]+)", Pattern.CASE_INSENSITIVE);

  private ContentDisposition() {
  }

  public static Optional<String> fileName(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = EXTENDED.matcher(header);
    if (m.find()) {
      try {
        String charset = m.group(1).isBlank() ? "UTF-8" : m.group(1).trim();
        return Optional.of(URLDecoder.decode(m.group(2).trim().replace("+", "%2B"), charset));
      } catch (Exception ignored) {
        // fall back to the plain filename parameter
      }
    }
    m = QUOTED.matcher(header);
    if (m.find()) {
      return Optional.of(m.group(1).replaceAll("\\\\(.)", "$1"));
    }
    m = TOKEN.matcher(header);
    if (m.find()) {
      return Optional.of(URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }
}
