package io.sdnest.inference.engine.infotext;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's {@code infotext_versions.backcompat}: infotexts written by older versions get the compatibility flags that
 * reproduce their images.
 */
final class InfotextVersions {

  private static final Pattern TWO_DASHES = Pattern.compile("([^-]+-[^-]+)-.*");
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[-.]?(\\w+?)(\\d*))?");

  private static final long[] V160 = {1, 6, 0, 0, 0};
  private static final long[] V170_TSNR = {1, 7, 0, 1, 225};
  private static final long[] V180 = {1, 8, 0, 0, 0};

  private InfotextVersions() {
  }

  static void backcompat(Map<String, Object> d) {
    long[] ver = parse(d.get("Version"));
    if (ver == null) {
      return;
    }
    String prompt = String.valueOf(d.getOrDefault("Prompt", ""));
    Object sampler = d.getOrDefault("Sampler", "");
    if (compare(ver, V160) < 0 && prompt.contains("[")) {
      d.put("Old prompt editing timelines", true);
    }
    if (compare(ver, V160) < 0 && ("DDIM".equals(sampler) || "PLMS".equals(sampler))) {
      d.put("Pad conds v0", true);
    }
    if (compare(ver, V170_TSNR) < 0) {
      d.put("Downcast alphas_cumprod", true);
    }
    Object refiner = d.get("Refiner");
    if (compare(ver, V180) < 0 && refiner instanceof String r && !r.isEmpty()) {
      d.put("Refiner switch by sampling steps", true);
    }
  }

  /**
   * {major, minor, patch, kind, n}: kind -1 for a pre-release, 0 for a release, 1 for a post-release ("1.7.0-225"),
   * as {@code packaging.version} orders them; null when the text is no version (e.g. a fork's own name).
   */
  static long[] parse(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    Matcher two = TWO_DASHES.matcher(text);
    if (two.matches()) {
      text = two.group(1);
    }
    Matcher m = VERSION.matcher(text.strip().toLowerCase());
    if (!m.matches()) {
      return null;
    }
    long kind = 0;
    long n = 0;
    if (m.group(4) != null || (m.group(5) != null && !m.group(5).isEmpty())) {
      String tag = m.group(4) == null ? "" : m.group(4);
      String num = m.group(5) == null || m.group(5).isEmpty() ? "0" : m.group(5);
      if (tag.matches("\\d+")) {
        num = tag + (m.group(5) == null ? "" : m.group(5));
        tag = "";
      }
      switch (tag) {
        case "", "post", "rev", "r" -> kind = 1;
        case "a", "alpha", "b", "beta", "c", "rc", "pre", "preview" -> kind = -1;
        default -> {
          return null;
        }
      }
      n = Long.parseLong(num);
    }
    return new long[] {Long.parseLong(m.group(1)), parseOr0(m.group(2)), parseOr0(m.group(3)), kind, n};
  }

  private static long parseOr0(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Long.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}
