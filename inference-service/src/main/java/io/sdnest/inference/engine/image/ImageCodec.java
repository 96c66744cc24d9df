package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.ValidationException;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Images in and out of the API: base64 / data-URL decoding into a {@link Bitmap} that keeps PIL's mode (L, LA, RGB,
 * RGBA), and PNG / JPEG encoding with the infotext embedded where A1111 puts it.
 */
public final class ImageCodec {

  /** The message A1111 answers for any undecodable image. */
  public static final String INVALID_IMAGE = "Invalid encoded image";

  /** PIL refuses images above twice its MAX_IMAGE_PIXELS as decompression bombs. */
  private static final long MAX_PIXELS = 2L * 89_478_485;

  private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";

  private ImageCodec() {
  }

  /**
   * Decodes an API image string: raw base64, or a {@code data:image/...;base64,} URL (the text after the first ","
   * following the first ";", as A1111 takes it). Anything undecodable is a validation error naming {@code field}.
   */
  public static Bitmap decodeBase64(String field, String encoded) {
    return decode(field, base64Bytes(field, encoded));
  }

  /** The bytes behind an API image string, without decoding the image. */
  public static byte[] base64Bytes(String field, String encoded) {
    if (encoded == null) {
      throw new ValidationException(field, INVALID_IMAGE);
    }
    String payload = encoded.strip();
    if (payload.startsWith("data:image/")) {
      int semi = payload.indexOf(';');
      int comma = semi < 0 ? -1 : payload.indexOf(',', semi);
      if (comma < 0) {
        throw new ValidationException(field, INVALID_IMAGE);
      }
      payload = payload.substring(comma + 1);
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(payload);
      if (bytes.length == 0) {
        throw new ValidationException(field, INVALID_IMAGE);
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, INVALID_IMAGE);
    }
  }

  /** Decodes PNG, JPEG, BMP or GIF bytes. */
  public static Bitmap decode(String field, byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ValidationException(field, INVALID_IMAGE);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels <= 0 || pixels > MAX_PIXELS) {
          throw new ValidationException(field, INVALID_IMAGE);
        }
        return toBitmap(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ValidationException v) {
        throw v;
      }
      throw new ValidationException(field, INVALID_IMAGE);
    }
  }

  private static Bitmap toBitmap(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    ColorModel cm = img.getColorModel();
    if (cm instanceof IndexColorModel icm) {
      return fromPalette(raster, icm, w, h);
    }
    int bands = raster.getNumBands();
    int channels = Math.min(bands, 4);
    int bits = cm.getComponentSize(0);
    byte[] out = new byte[w * h * channels];
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        for (int b = 0; b < channels; b++) {
          int v = row[x * bands + b];
          out[(y * w + x) * channels + b] = (byte) (bits > 8 ? v >>> (bits - 8) : bits < 8 ? v * 255 / ((1 << bits) - 1) : v);
        }
      }
    }
    return new Bitmap(w, h, channels, out);
  }

  /** A palette image becomes RGB, or RGBA when the palette carries transparency (A1111's fix_png_transparency). */
  private static Bitmap fromPalette(Raster raster, IndexColorModel icm, int w, int h) {
    boolean alpha = icm.getTransparency() != Transparency.OPAQUE;
    int channels = alpha ? 4 : 3;
    byte[] out = new byte[w * h * channels];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int i = row[x];
        int p = (y * w + x) * channels;
        out[p] = (byte) icm.getRed(i);
        out[p + 1] = (byte) icm.getGreen(i);
        out[p + 2] = (byte) icm.getBlue(i);
        if (alpha) {
          out[p + 3] = (byte) icm.getAlpha(i);
        }
      }
    }
    return new Bitmap(w, h, channels, out);
  }

  /** Encodes in the requested format with the infotext embedded (null or empty infotext: nothing for PNG). */
  public static byte[] encode(Bitmap image, OutputFormat format, String infotext, int jpegQuality) {
    return switch (format) {
      case PNG -> encodePng(image, infotext);
      case JPEG -> encodeJpeg(image, infotext, jpegQuality);
    };
  }

  /** Standard base64 with padding, no prefix and no line breaks: what A1111 returns in {@code images}. */
  public static String toBase64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * PNG with the infotext in a {@code parameters} text chunk: tEXt when the text is Latin-1, else an uncompressed iTXt
   * (UTF-8), as PIL's {@code PngInfo.add_text} chooses. No time stamp, so equal inputs give equal bytes.
   */
  public static byte[] encodePng(Bitmap image, String infotext) {
    return encodePngTexts(image, infotext == null || infotext.isEmpty() ? Map.of() : Map.of("parameters", infotext));
  }

  /** PNG with one text chunk per entry of {@code texts} (empty values skipped), in the map's order. */
  public static byte[] encodePngTexts(Bitmap image, Map<String, String> texts) {
    Bitmap pixels = image.channels() == 2 ? PilModes.toRgba(image) : image;
    return PngWriter.write(pixels, texts);
  }

  /**
   * JPEG (alpha dropped) with A1111's EXIF block: UserComment = "UNICODE\0" + UTF-16BE infotext, empty when none.
   */
  public static byte[] encodeJpeg(Bitmap image, String infotext, int quality) {
    if (quality < 1 || quality > 100) {
      throw new ValidationException("jpeg_quality", "jpeg_quality must be between 1 and 100, got " + quality);
    }
    BufferedImage img = toBufferedImage(PilModes.toRgb(image));
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
      IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(JPEG_FORMAT);
      Node markers = root.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode app1 = new IIOMetadataNode("unknown");
      app1.setAttribute("MarkerTag", String.valueOf(0xE1));
      app1.setUserObject(ExifUserComment.app1Payload(infotext == null ? "" : infotext));
      markers.insertBefore(app1, markers.getFirstChild());
      meta.setFromTree(JPEG_FORMAT, root);
      return write(writer, new IIOImage(img, null, meta), param);
    } catch (IIOInvalidTreeException e) {
      throw new IllegalStateException("JPEG EXIF metadata rejected", e);
    } finally {
      writer.dispose();
    }
  }

  private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Wraps the bitmap's bytes without copying (RGB, RGBA or grey). */
  static BufferedImage toBufferedImage(Bitmap image) {
    int c = image.channels();
    if (c == 2) {
      image = PilModes.toRgba(image);
      c = 4;
    }
    int[] offsets = new int[c];
    for (int i = 0; i < c; i++) {
      offsets[i] = i;
    }
    DataBufferByte buffer = new DataBufferByte(image.data(), image.data().length);
    WritableRaster raster = Raster.createWritableRaster(
        new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, image.width(), image.height(), c, image.width() * c,
            offsets), buffer, new Point(0, 0));
    ColorSpace cs = ColorSpace.getInstance(c == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    boolean alpha = c == 4;
    ColorModel cm = new ComponentColorModel(cs, alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
        DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }
}
