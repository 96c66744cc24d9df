package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;

/**
 * The LoRA files of the data directory's {@code models/Lora} folder (.safetensors, .pt, .ckpt, in subfolders too), as
 * A1111's Lora extension lists them: name = file name without extension, alias = metadata {@code ss_output_name}.
 * Hidden files and folders and {@code .part} files (downloads in progress) are passed over.
 * Scanned on first use and on {@code refresh-loras}.
 */
@ApplicationScoped
public class LoraCatalog {

  /** One LoRA file. */
  public record Lora(String name, String alias, Path path, Map<String, Object> metadata) {
  }

  private static final List<String> EXTENSIONS = List.of(".safetensors", ".pt", ".ckpt");

  private final Path dir;
  private volatile List<Lora> loras;

  public LoraCatalog(DataLayout data) {
    this.dir = data.lora();
  }

  public List<Lora> all() {
    List<Lora> l = loras;
    return l != null ? l : refresh();
  }

  public synchronized List<Lora> refresh() {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return d.equals(dir) || !DataLayout.ignoredByScanners(d.getFileName().toString())
                ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (Files.isRegularFile(file) && !DataLayout.ignoredByScanners(file.getFileName().toString()) && isLora(file)) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // a file renamed or removed while the walk passed it
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        Log.warnf("Cannot list LoRAs in %s: %s", dir, e.getMessage());
      }
    }
    List<Lora> found = files.stream().sorted().map(LoraCatalog::describe).toList();
    loras = found;
    return found;
  }

  private static boolean isLora(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static Lora describe(Path file) {
    String fileName = file.getFileName().toString();
    String name = fileName.substring(0, fileName.lastIndexOf('.'));
    Map<String, Object> metadata = Map.of();
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
      try {
        metadata = SafetensorsMetadata.read(file);
      } catch (IOException | RuntimeException e) {
        Log.warnf("Listing LoRA %s without metadata: %s", file, e.getMessage());
      }
    }
    Object alias = metadata.get("ss_output_name");
    return new Lora(name, alias instanceof String s ? s : name, file.toAbsolutePath(), metadata);
  }
}
