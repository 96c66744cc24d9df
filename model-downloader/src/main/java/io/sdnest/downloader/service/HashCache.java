package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;

/**
 * A1111's hash cache, {@code state/cache.json}: {@code {"hashes": {"checkpoint/<name>": {"mtime": <s>, "sha256": <hex>, "size": <bytes>}}}}
 * (the size is the inference service's extra check, beside A1111's mtime).
 * Seeding it with the sha256 a hub declared (and the download verified) spares the inference service from hashing
 * multi-GB files. Writers lock {@code cache.json.lock} and replace the file atomically.
 */
@ApplicationScoped
public class HashCache {

  static final String SECTION = "hashes";

  private final Path file;
  private final Path lock;
  private final Path typeRootBase;
  private final ObjectMapper json;

  public HashCache(DataLayout data, ObjectMapper json) {
    this.file = data.state().resolve("cache.json");
    this.lock = data.state().resolve("cache.json.lock");
    this.typeRootBase = data.root();
    this.json = json;
  }

  /** A1111's title for a model file, or empty when A1111 does not key that type's whole-file sha256. */
  static Optional<String> title(ModelType type, Path typeRoot, Path model) {
    if (type.hashCachePrefix() == null) {
      return Optional.empty();
    }
    String relative = typeRoot.relativize(model).toString().replace('\\', '/');
    String fileName = model.getFileName().toString();
    return switch (type) {
      case CHECKPOINT -> Optional.of(type.hashCachePrefix() + relative);
      // A1111 keys safetensors LoRAs by the "addnet" hash, which is not the whole-file sha256.
      case LORA -> "safetensors".equals(FileNames.extension(fileName)) ? Optional.empty()
          : Optional.of(type.hashCachePrefix() + FileNames.baseName(fileName));
      default -> Optional.of(type.hashCachePrefix() + FileNames.baseName(fileName));
    };
  }

  public void seed(ModelType type, Path model, String sha256) {
    Optional<String> title = title(type, typeRootBase.resolve(type.folder()), model);
    if (title.isEmpty()) {
      return;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      ObjectNode root = Files.exists(file) && Files.size(file) > 0 && json.readTree(file.toFile()) instanceof ObjectNode o
          ? o : json.createObjectNode();
      ObjectNode hashes = root.get(SECTION) instanceof ObjectNode h ? h : root.putObject(SECTION);
      ObjectNode entry = hashes.putObject(title.get());
      entry.put("mtime", Files.getLastModifiedTime(model).toMillis() / 1000.0);
      entry.put("sha256", sha256);
      entry.put("size", Files.size(model));
      Path tmp = file.resolveSibling("cache.json.tmp");
      json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      Log.warnf("Cannot seed the hash cache for %s: %s", model.getFileName(), e.getMessage());
    }
  }

  /** The cached sha256 of a model when its mtime has not moved since. */
  public Optional<String> lookup(ModelType type, Path model) {
    Optional<String> title = title(type, typeRootBase.resolve(type.folder()), model);
    if (title.isEmpty() || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode entry = json.readTree(file.toFile()).path(SECTION).path(title.get());
      double mtime = Files.getLastModifiedTime(model).toMillis() / 1000.0;
      String sha = entry.path("sha256").asText("");
      return sha.isEmpty() || entry.path("mtime").asDouble(0) < mtime ? Optional.empty() : Optional.of(sha);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void forget(ModelType type, Path model) {
    Optional<String> title = title(type, typeRootBase.resolve(type.folder()), model);
    if (title.isEmpty() || !Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      if (json.readTree(file.toFile()) instanceof ObjectNode root && root.get(SECTION) instanceof ObjectNode hashes
          && hashes.remove(title.get()) != null) {
        Path tmp = file.resolveSibling("cache.json.tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      Log.warnf("Cannot update the hash cache for %s: %s", model.getFileName(), e.getMessage());
    }
  }
}
