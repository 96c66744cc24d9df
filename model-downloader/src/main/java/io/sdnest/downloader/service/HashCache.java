package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;
import io.sdnest.common.data.HashCacheFile;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;

/**
 * Seeds A1111's hash cache ({@link HashCacheFile}, {@code state/cache.json}) with the sha256 a hub declared (and the
 * download verified), which spares the inference service from hashing multi-GB files.
 */
@ApplicationScoped
public class HashCache {

  private final HashCacheFile cache;
  private final Path typeRootBase;

  public HashCache(DataLayout data) {
    this.cache = new HashCacheFile(data.state().resolve("cache.json"));
    this.typeRootBase = data.root();
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
    try {
      cache.put(title.get(), Files.getLastModifiedTime(model).toMillis() / 1000.0, sha256, Files.size(model));
    } catch (IOException | RuntimeException e) {
      Log.warnf("Cannot seed the hash cache for %s: %s", model.getFileName(), e.getMessage());
    }
  }

  /** The cached sha256 of a model when its mtime has not moved since. */
  public Optional<String> lookup(ModelType type, Path model) {
    Optional<String> title = title(type, typeRootBase.resolve(type.folder()), model);
    if (title.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode entry = cache.entry(title.get());
      double mtime = Files.getLastModifiedTime(model).toMillis() / 1000.0;
      String sha = entry.path("sha256").asText("");
      return sha.isEmpty() || entry.path("mtime").asDouble(0) < mtime ? Optional.empty() : Optional.of(sha);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void forget(ModelType type, Path model) {
    Optional<String> title = title(type, typeRootBase.resolve(type.folder()), model);
    if (title.isEmpty() || !Files.exists(cache.file())) {
      return;
    }
    try {
      cache.remove(title.get());
    } catch (IOException | RuntimeException e) {
      Log.warnf("Cannot update the hash cache for %s: %s", model.getFileName(), e.getMessage());
    }
  }
}
