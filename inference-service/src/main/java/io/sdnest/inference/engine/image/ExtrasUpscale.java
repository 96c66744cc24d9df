package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.infotext.InfotextFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upscale step of A1111's extras ({@code scripts/postprocessing_upscale.py}) for sdnest's upscalers, and the
 * {@code html_info} the route returns. Upscaler 1 "None" leaves the image unchanged.
 *
 * @param resizeMode 0 = scale by {@code upscalingResize}, 1 = to {@code width x height}
 * @param upscalingResize the factor, as sent (an Integer prints "2", a Double "2.0", as in A1111)
 */
public record ExtrasUpscale(int resizeMode, Number upscalingResize, int width, int height, boolean crop,
    PixelUpscaler upscaler1, PixelUpscaler upscaler2, double upscaler2Visibility) {

  public record Result(Bitmap image, String htmlInfo) {
  }

  public Result apply(Bitmap input) {
    Bitmap image = PilModes.toRgb(input);
    Map<String, Object> info = new LinkedHashMap<>();
    if (upscaler1 != PixelUpscaler.NONE) {
      Bitmap upscaled = upscale(image, upscaler1, info);
      info.put("Postprocess upscaler", upscaler1.title());
      if (upscaler2 != PixelUpscaler.NONE && upscaler2Visibility > 0) {
        Bitmap second = upscale(image, upscaler2, info);
        upscaled = blend(upscaled, second, (float) upscaler2Visibility);
        info.put("Postprocess upscaler 2", upscaler2.title());
      }
      image = upscaled;
    }
    return new Result(image, html(InfotextFormat.joinParams(info)));
  }

  private Bitmap upscale(Bitmap image, PixelUpscaler upscaler, Map<String, Object> info) {
    double by;
    if (resizeMode == 1) {
      by = Math.max((double) width / image.width(), (double) height / image.height());
      info.put("Postprocess upscale to", width + "x" + height);
    } else {
      by = upscalingResize.doubleValue();
      info.put("Postprocess upscale by", upscalingResize);
    }
    Bitmap out = upscaler.upscale(image, by);
    if (resizeMode == 1 && crop) {
      Bitmap cropped = Bitmap.blank(width, height, 3);
      cropped.paste(out, width / 2 - out.width() / 2, height / 2 - out.height() / 2);
      out = cropped;
      info.put("Postprocess crop to", out.width() + "x" + out.height());
    }
    return out;
  }

  /** PIL {@code Image.blend}: {@code a + alpha * (b - a)} in float, truncated. */
  private static Bitmap blend(Bitmap a, Bitmap b, float alpha) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("images do not match");
    }
    byte[] out = new byte[a.data().length];
    for (int i = 0; i < out.length; i++) {
      int x = a.data()[i] & 0xFF;
      float t = x + alpha * ((b.data()[i] & 0xFF) - x);
      out[i] = (byte) (t <= 0 ? 0 : t >= 255 ? 255 : (int) t);
    }
    return new Bitmap(a.width(), a.height(), a.channels(), out);
  }

  /** A1111 {@code plaintext_to_html}: HTML-escaped lines joined by {@code <br>}, in a paragraph. */
  static String html(String text) {
    StringBuilder sb = new StringBuilder("<p>");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append("<br>\n");
      }
      sb.append(escape(lines[i]));
    }
    return sb.append("</p>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#x27;");
  }
}
