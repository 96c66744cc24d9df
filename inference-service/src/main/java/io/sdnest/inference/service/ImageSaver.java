package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * {@code outdir_<job>_samples/<YYYY-MM-DD>/<NNNNN>-<seed>.<ext>}, numbering on from the highest number in the folder,
 * and grids as {@code grid-<NNNN>.<ext>} (images.save_image with basename "grid" and a short file name).
 */
@ApplicationScoped
public class ImageSaver {

  private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-");
  private static final Pattern GRID_NUMBERED = Pattern.compile("^grid-(\\d+)(?:[-.]|$)");

  private final OptionsService options;

  public ImageSaver(OptionsService options) {
    this.options = options;
  }

  /** Saves the images of a {@code txt2img} or {@code img2img} job; returns the files written. */
  public synchronized List<Path> save(String job, List<GeneratedImage> images, OutputFormat format) {
    Path dir = dated(String.valueOf(options.get("outdir_" + job + "_samples")));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      int next = nextNumber(dir);
      for (GeneratedImage image : images) {
        written.add(write(dir.resolve(String.format("%05d-%d.%s", next++, image.seed(), extension(format))),
            image.encoded()));
      }
    } catch (IOException e) {
      throw cannotSave(dir, e);
    }
    return written;
  }

  /**
   * Saves a job's grid as A1111 does with {@code grid_save}: to {@code outdir_grids} (else
   * {@code outdir_<job>_grids}), in a date folder when {@code grid_save_to_dirs}, as {@code grid-<NNNN>.<ext>}.
   */
  public synchronized Path saveGrid(String job, byte[] encoded, OutputFormat format) {
    String grids = String.valueOf(options.get("outdir_grids"));
    String root = grids.isBlank() ? String.valueOf(options.get("outdir_" + job + "_grids")) : grids;
    Path dir = Boolean.FALSE.equals(options.get("grid_save_to_dirs")) ? Path.of(root) : dated(root);
    try {
      Files.createDirectories(dir);
      return write(dir.resolve(String.format("grid-%04d.%s", nextGridNumber(dir), extension(format))), encoded);
    } catch (IOException e) {
      throw cannotSave(dir, e);
    }
  }

  private static Path dated(String root) {
    return Path.of(root).resolve(LocalDate.now().toString());
  }

  private static String extension(OutputFormat format) {
    return format == OutputFormat.PNG ? "png" : "jpg";
  }

  private static Path write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
    return file;
  }

  private static ApiException cannotSave(Path dir, IOException e) {
    return new ApiException(500, "OSError", "Cannot save images to " + dir + ": " + e.getMessage());
  }

  /** A1111 {@code get_next_sequence_number(path, "grid")}: one more than the highest {@code grid-<N>}. */
  private static int nextGridNumber(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> GRID_NUMBERED.matcher(p.getFileName().toString())).filter(Matcher::find)
          .mapToInt(m -> Integer.parseInt(m.group(1)) + 1).max().orElse(0);
    }
  }

  private static int nextNumber(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> NUMBERED.matcher(p.getFileName().toString())).filter(Matcher::find)
          .mapToInt(m -> Integer.parseInt(m.group(1)) + 1).max().orElse(0);
    }
  }
}
