package io.sdnest.inference.engine.infotext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Python's {@code str()} and {@code json.dumps(ensure_ascii=False)} for the values that go into an infotext. */
public final class PyValues {

  private PyValues() {
  }

  /** {@code str(value)}: None, True/False, ints, floats in Python's shortest repr, strings as they are. */
  public static String str(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double d) {
      return floatRepr(d);
    }
    if (value instanceof Float f) {
      return floatRepr(Double.parseDouble(Float.toString(f)));
    }
    return value.toString();
  }

  /** Python's {@code repr(float)}: the shortest round-tripping digits, fixed notation for 1e-4 &lt;= |x| &lt; 1e16. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - shortest.scale() - 1; // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  /** The decimal with the fewest significant digits that parses back to {@code d}, nearest to it on ties. */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.stripTrailingZeros();
  }

  /** {@code json.dumps(text, ensure_ascii=False)}. */
  public static String jsonString(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
