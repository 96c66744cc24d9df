package io.sdnest.inference.engine.infotext;

import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** The {@code Key: value, Key: value} line shared by generation infotexts and the extras {@code html_info}. */
public final class InfotextFormat {

  private InfotextFormat() {
  }

  /** A1111 {@code infotext_utils.quote}: values with ",", newline or ":" are written as JSON strings. */
  public static String quote(Object value) {
    String s = PyValues.str(value);
    if (s.indexOf(',') < 0 && s.indexOf('\n') < 0 && s.indexOf(':') < 0) {
      return s;
    }
    return PyValues.jsonString(s);
  }

  /** Joins the non-null pairs with ", "; a pair whose value equals its key is written as the key alone. */
  public static String joinParams(Map<String, ?> params) {
    StringJoiner line = new StringJoiner(", ");
    params.forEach((k, v) -> {
      if (v != null) {
        line.add(Objects.equals(k, v) ? k : k + ": " + quote(v));
      }
    });
    return line.toString();
  }
}
