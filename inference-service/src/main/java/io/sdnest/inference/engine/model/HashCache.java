package io.sdnest.inference.engine.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.sdnest.common.data.HashCacheFile;

/**
 * SHA-256 of model files, cached in A1111's {@code cache.json} ({@link HashCacheFile}, shared with the downloader). As in
 * A1111 an entry is reused while the file's mtime is not newer than the cached one; the size is also checked when
 * present. Hashing may take minutes, so the file is not held meanwhile: the new entry is merged into the file as it is
 * when hashing ends, under the lock the downloader also takes.
 */
public final class HashCache {

  /** Computes a file's sha256. */
  interface Hasher {
    String sha256(Path path) throws IOException;
  }

  private final HashCacheFile cache;
  private final Hasher hasher;

  public HashCache(Path file) {
    this(file, HashCache::compute);
  }

  HashCache(Path file, Hasher hasher) {
    this.cache = new HashCacheFile(file);
    this.hasher = hasher;
  }

  public Path file() {
    return cache.file();
  }

  /** The sha256 of {@code path}, from the cache when still valid, else computed (1 MiB blocks) and stored. */
  public synchronized String sha256(String key, Path path) {
    try {
      double mtime = Files.getLastModifiedTime(path).toMillis() / 1000.0;
      long size = Files.size(path);
      JsonNode entry = cache.entry(key);
      if (entry.hasNonNull("sha256") && entry.path("mtime").asDouble(-1) >= mtime
          && (!entry.has("size") || entry.path("size").asLong() == size)) {
        return entry.get("sha256").asText();
      }
      Log.infof("Hashing %s (%d MB)", path, size >> 20);
      String sha = hasher.sha256(path);
      cache.put(key, mtime, sha, size);
      return sha;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot hash " + path + ": " + e.getMessage(), e);
    }
  }

  static String compute(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
