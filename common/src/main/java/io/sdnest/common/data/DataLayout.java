package io.sdnest.common.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The data volume's folders, named as A1111 names them (see DESIGN.md, "The data volume"). */
public record DataLayout(Path root) {

  public static final List<String> FOLDERS = List.of(
      "models/Stable-diffusion", "models/Lora", "models/VAE", "models/hypernetworks", "models/ESRGAN",
      "models/ControlNet", "embeddings", "outputs", "state", "logs");

  public DataLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path models() {
    return root.resolve("models");
  }

  public Path checkpoints() {
    return root.resolve("models/Stable-diffusion");
  }

  public Path lora() {
    return root.resolve("models/Lora");
  }

  public Path vae() {
    return root.resolve("models/VAE");
  }

  public Path embeddings() {
    return root.resolve("embeddings");
  }

  public Path outputs() {
    return root.resolve("outputs");
  }

  public Path state() {
    return root.resolve("state");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  /**
   * Whether model scanners pass over a file or folder of this name: hidden ones (the downloader stages a repository in
   * {@code .<name>.<job>.part/}) and {@code .part} files, which are unfinished downloads, as A1111's scanners do.
   */
  public static boolean ignoredByScanners(String fileName) {
    return fileName.startsWith(".") || fileName.endsWith(".part");
  }

  /** Creates every folder that is missing; existing folders and files are left as they are. */
  public DataLayout createMissing() {
    try {
      for (String folder : FOLDERS) {
        Files.createDirectories(root.resolve(folder));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory " + root + ": " + e.getMessage(), e);
    }
  }
}
