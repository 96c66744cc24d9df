package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;

/**
 * The LoRA files of the data directory's {@code models/Lora} folder (.safetensors, .pt, .ckpt, in subfolders too), as
 * A1111's Lora extension lists them: name = file name without extension, alias = metadata {@code ss_output_name}.
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
    List<Lora> found = List.of();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        found = files.filter(Files::isRegularFile).filter(LoraCatalog::isLora).sorted().map(LoraCatalog::describe)
            .toList();
      } catch (IOException e) {
        Log.warnf("Cannot list LoRAs in %s: %s", dir, e.getMessage());
      }
    }
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
