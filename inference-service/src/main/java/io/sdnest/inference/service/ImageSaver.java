package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.error.ApiException;
import io.sdnest.inference.engine.image.OutputFormat;
import io.sdnest.inference.engine.pipeline.GeneratedImage;

/**
 * {@code save_images}: writes each image as A1111 does with its default options, to
 * {@code outdir_<job>_samples/<YYYY-MM-DD>/<NNNNN>-<seed>.<ext>}, numbering on from the highest number in the folder.
 */
@ApplicationScoped
public class ImageSaver {

  private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-");

  private final OptionsService options;

  public ImageSaver(OptionsService options) {
    this.options = options;
  }

  /** Saves the images of a {@code txt2img} or {@code img2img} job; returns the files written. */
  public synchronized List<Path> save(String job, List<GeneratedImage> images, OutputFormat format) {
    Path dir = Path.of(String.valueOf(options.get("outdir_" + job + "_samples"))).resolve(LocalDate.now().toString());
    String extension = format == OutputFormat.PNG ? "png" : "jpg";
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      int next = nextNumber(dir);
      for (GeneratedImage image : images) {
        Path file = dir.resolve(String.format("%05d-%d.%s", next++, image.seed(), extension));
        Files.write(file, image.encoded());
        written.add(file);
      }
    } catch (IOException e) {
      throw new ApiException(500, "OSError", "Cannot save images to " + dir + ": " + e.getMessage());
    }
    return written;
  }

  private static int nextNumber(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> NUMBERED.matcher(p.getFileName().toString())).filter(Matcher::find)
          .mapToInt(m -> Integer.parseInt(m.group(1)) + 1).max().orElse(0);
    }
  }
}
