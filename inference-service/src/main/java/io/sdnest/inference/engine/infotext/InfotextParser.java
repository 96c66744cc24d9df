package io.sdnest.inference.engine.infotext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's {@code infotext_utils.parse_generation_parameters} as png-info runs it (default options, no saved styles):
 * parsed values stay strings, the documented defaults are added in A1111's order.
 */
public final class InfotextParser {

  private static final Pattern PARAM = Pattern.compile("\\s*(\\w[\\w \\-/]+):\\s*(\"(?:\\\\.|[^\\\\\"])+\"|[^,]*)(?:,|$)",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern IMAGE_SIZE = Pattern.compile("^(\\d+)x(\\d+)$", Pattern.UNICODE_CHARACTER_CLASS);

  private InfotextParser() {
  }

  public static Map<String, Object> parse(String infotext) {
    Map<String, Object> res = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>(Arrays.asList(infotext.strip().split("\n", -1)));
    String lastLine = lines.remove(lines.size() - 1);
    if (pairs(lastLine).size() < 3) {
      lines.add(lastLine);
      lastLine = "";
    }
    StringBuilder prompt = new StringBuilder();
    StringBuilder negative = new StringBuilder();
    boolean doneWithPrompt = false;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("Negative prompt:")) {
        doneWithPrompt = true;
        line = line.substring(16).strip();
      }
      StringBuilder target = doneWithPrompt ? negative : prompt;
      if (!target.isEmpty()) {
        target.append('\n');
      }
      target.append(line);
    }
    for (String[] kv : pairs(lastLine)) {
      String k = kv[0];
      String v = kv[1];
      if (!v.isEmpty() && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
        v = JsonUnquote.unquote(v);
      }
      Matcher size = IMAGE_SIZE.matcher(v);
      if (size.matches()) {
        res.put(k + "-1", size.group(1));
        res.put(k + "-2", size.group(2));
      } else {
        res.put(k, v);
      }
    }
    res.put("Prompt", prompt.toString());
    res.put("Negative prompt", negative.toString());
    addDefaults(res, prompt.toString(), negative.toString());
    return res;
  }

  /** The (key, raw value) pairs the parameter regex finds in a line, like {@code re_param.findall}. */
  static List<String[]> pairs(String line) {
    List<String[]> out = new ArrayList<>();
    Matcher m = PARAM.matcher(line);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2)});
    }
    return out;
  }

  private static void addDefaults(Map<String, Object> res, String prompt, String negative) {
    res.putIfAbsent("Clip skip", "1");
    if (res.get("Hypernet") instanceof String hypernet) {
      Object strength = res.getOrDefault("Hypernet strength", "1.0");
      res.put("Prompt", res.get("Prompt") + "<hypernet:" + hypernet + ":" + strength + ">");
    }
    if (!res.containsKey("Hires resize-1")) {
      res.put("Hires resize-1", 0);
      res.put("Hires resize-2", 0);
    }
    res.putIfAbsent("Hires sampler", "Use same sampler");
    res.putIfAbsent("Hires schedule type", "Use same scheduler");
    res.putIfAbsent("Hires checkpoint", "Use same checkpoint");
    res.putIfAbsent("Hires prompt", "");
    res.putIfAbsent("Hires negative prompt", "");
    res.putIfAbsent("Mask mode", "Inpaint masked");
    res.putIfAbsent("Masked content", "original");
    res.putIfAbsent("Inpaint area", "Whole picture");
    res.putIfAbsent("Masked area padding", 32);
    restoreOldHiresFixParams(res);
    res.putIfAbsent("RNG", "GPU");
    res.putIfAbsent("Schedule type", "Automatic");
    res.putIfAbsent("Schedule max sigma", 0);
    res.putIfAbsent("Schedule min sigma", 0);
    res.putIfAbsent("Schedule rho", 0);
    res.putIfAbsent("VAE Encoder", "Full");
    res.putIfAbsent("VAE Decoder", "Full");
    res.putIfAbsent("FP8 weight", "Disable");
    if (!res.containsKey("Cache FP16 weight for LoRA") && !"Disable".equals(res.get("FP8 weight"))) {
      res.put("Cache FP16 weight for LoRA", false);
    }
    if (!res.containsKey("Emphasis") && (PromptEmphasis.uses(prompt) || PromptEmphasis.uses(negative))) {
      res.put("Emphasis", "Original");
    }
    res.putIfAbsent("Refiner switch by sampling steps", false);
    InfotextVersions.backcompat(res);
  }

  /** Old infotexts give the first pass size; turn it into size + hires resize as A1111 does. */
  private static void restoreOldHiresFixParams(Map<String, Object> res) {
    Object fw = res.get("First pass size-1");
    Object fh = res.get("First pass size-2");
    if (fw == null || fh == null) {
      return;
    }
    try {
      int firstW = Integer.parseInt(fw.toString());
      int firstH = Integer.parseInt(fh.toString());
      int width = Integer.parseInt(String.valueOf(res.getOrDefault("Size-1", 512)));
      int height = Integer.parseInt(String.valueOf(res.getOrDefault("Size-2", 512)));
      if (firstW == 0 || firstH == 0) {
        double scale = Math.sqrt(512.0 * 512 / ((double) width * height));
        firstW = (int) Math.ceil(scale * width / 64) * 64;
        firstH = (int) Math.ceil(scale * height / 64) * 64;
      }
      res.put("Size-1", firstW);
      res.put("Size-2", firstH);
      res.put("Hires resize-1", width);
      res.put("Hires resize-2", height);
    } catch (NumberFormatException e) {
      // A1111 raises here and png-info fails; sdnest keeps the values as parsed.
    }
  }
}
