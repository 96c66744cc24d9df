package io.sdnest.downloader.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code Content-Range: bytes first-last/total} header; {@code total} is null when the server sends {@code *}. */
public record ContentRange(long first, long last, Long total) {

  private static final Pattern FORM = Pattern.compile("^\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*$", Pattern.CASE_INSENSITIVE);

  public static ContentRange parse(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = FORM.matcher(header);
    if (!m.matches()) {
      return null;
    }
    try {
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      Long total = m.group(3).equals("*") ? null : Long.parseLong(m.group(3));
      if (last < first || (total != null && last >= total)) {
        return null;
      }
      return new ContentRange(first, last, total);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
