package io.sdnest.inference.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.EmbeddedInfo;
import io.sdnest.inference.engine.image.ExtrasUpscale;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.image.OutputFormat;
import io.sdnest.inference.engine.image.PixelUpscaler;

/**
 * A1111's extras ({@code postprocessing.run_extras}) with sdnest's upscalers: each image is upscaled, keeps its
 * text metadata and gains a {@code postprocessing} entry with the step's infotext, which is also the
 * {@code html_info}.
 */
@ApplicationScoped
public class ExtrasService {

  /** Bounds the memory one request can ask for (A1111 has no bound). */
  static final int MAX_SIDE = 8192;

  private final ImageInputs inputs;
  private final OptionsService options;

  public ExtrasService(ImageInputs inputs, OptionsService options) {
    this.inputs = inputs;
    this.options = options;
  }

  /** One processed image: base64 and the html_info. */
  public record Processed(String image, String htmlInfo) {
  }

  /** Upscales {@code image} (the API string) as {@code p} says. */
  public Processed process(ExtrasParameters p, String field, String image) {
    ExtrasUpscale upscale = upscale(p);
    byte[] file = inputs.bytes(field, image);
    Bitmap input = ImageCodec.decode(field, file);
    checkSize(p, input);
    ExtrasUpscale.Result result = upscale.apply(input);
    String postprocessing = stripHtml(result.htmlInfo());
    EmbeddedInfo existing = EmbeddedInfo.read(file);
    OutputFormat format = OutputFormat.of(String.valueOf(options.get("samples_format")));
    byte[] encoded;
    if (format == OutputFormat.PNG) {
      Map<String, String> texts = new LinkedHashMap<>();
      if (existing.parameters() != null) {
        texts.put("parameters", existing.parameters());
      }
      existing.items().forEach((k, v) -> {
        if (v instanceof String s) {
          texts.put(k, s);
        }
      });
      texts.put("postprocessing", postprocessing);
      encoded = ImageCodec.encodePngTexts(result.image(), texts);
    } else {
      encoded = ImageCodec.encodeJpeg(result.image(), existing.parameters(),
          ((Number) options.get("jpeg_quality")).intValue());
    }
    return new Processed(ImageCodec.toBase64(encoded), result.htmlInfo());
  }

  /** Checks the request once, before any image is decoded. */
  public ExtrasUpscale upscale(ExtrasParameters p) {
    noFaceRestoration("gfpgan_visibility", p.gfpgan_visibility());
    noFaceRestoration("codeformer_visibility", p.codeformer_visibility());
    int mode = or(p.resize_mode(), 0);
    if (mode != 0 && mode != 1) {
      throw new ValidationException("resize_mode", "resize_mode must be 0 (scale by) or 1 (scale to), got " + mode);
    }
    // not a conditional expression: Integer and Double operands would both become double
    Number by = Integer.valueOf(2);
    if (p.upscaling_resize() != null) {
      by = Double.valueOf(p.upscaling_resize().doubleValue());
    }
    if (!(by.doubleValue() > 0)) {
      throw new ValidationException("upscaling_resize", "upscaling_resize must be > 0, got " + by);
    }
    int w = or(p.upscaling_resize_w(), 512);
    int h = or(p.upscaling_resize_h(), 512);
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
      throw new ValidationException("upscaling_resize_w", "upscaling_resize_w and upscaling_resize_h must be between 1 "
          + "and " + MAX_SIDE + ", got " + w + "x" + h);
    }
    double visibility = or(p.extras_upscaler_2_visibility(), 0.0);
    if (visibility < 0 || visibility > 1) {
      throw new ValidationException("extras_upscaler_2_visibility",
          "extras_upscaler_2_visibility must be between 0 and 1, got " + visibility);
    }
    return new ExtrasUpscale(mode, by, w, h, or(p.upscaling_crop(), true),
        PixelUpscaler.byTitle("upscaler_1", or(p.upscaler_1(), "None")),
        PixelUpscaler.byTitle("upscaler_2", or(p.upscaler_2(), "None")), visibility);
  }

  private static void checkSize(ExtrasParameters p, Bitmap input) {
    if (or(p.resize_mode(), 0) == 0 && p.upscaler_1() != null && !"None".equals(p.upscaler_1())) {
      double by = p.upscaling_resize() == null ? 2 : p.upscaling_resize().doubleValue();
      if (input.width() * by > MAX_SIDE || input.height() * by > MAX_SIDE) {
        throw new ValidationException("upscaling_resize", "upscaling_resize " + by + " makes the image larger than "
            + MAX_SIDE + " pixels on a side");
      }
    }
  }

  private static void noFaceRestoration(String field, Double visibility) {
    if (visibility != null && visibility != 0) {
      throw new ValidationException(field, field + " must be 0: sdnest has no face restorers (GFPGAN, CodeFormer)");
    }
  }

  /** The html_info's plain text, which A1111 stores as the image's {@code postprocessing} entry. */
  private static String stripHtml(String html) {
    return html.substring(3, html.length() - 4).replace("<br>\n", "\n").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&");
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
