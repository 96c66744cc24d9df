package io.sdnest.inference.engine.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;

/**
 * SHA-256 of model files, cached in A1111's {@code cache.json} format: {@code {"hashes": {"checkpoint/<name>":
 * {"mtime": <seconds>, "sha256": "<hex>", "size": <bytes>}}}}. As in A1111 an entry is reused while the file's mtime
 * is not newer than the cached one; the size is also checked when present. Other keys in the file (other sections,
 * entries written by the downloader) are kept.
 */
public final class HashCache {

  static final String SECTION = "hashes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public HashCache(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The sha256 of {@code path}, from the cache when still valid, else computed (1 MiB blocks) and stored. */
  public synchronized String sha256(String key, Path path) {
    try {
      double mtime = Files.getLastModifiedTime(path).toMillis() / 1000.0;
      long size = Files.size(path);
      ObjectNode root = read();
      JsonNode entry = root.path(SECTION).path(key);
      if (entry.hasNonNull("sha256") && entry.path("mtime").asDouble(-1) >= mtime
          && (!entry.has("size") || entry.path("size").asLong() == size)) {
        return entry.get("sha256").asText();
      }
      Log.infof("Hashing %s (%d MB)", path, size >> 20);
      String sha = compute(path);
      ObjectNode section = root.has(SECTION) && root.get(SECTION).isObject() ? (ObjectNode) root.get(SECTION) : root.putObject(SECTION);
      ObjectNode e = section.putObject(key);
      e.put("mtime", mtime);
      e.put("sha256", sha);
      e.put("size", size);
      write(root);
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

  private ObjectNode read() {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      return n != null && n.isObject() ? (ObjectNode) n : JSON.createObjectNode();
    } catch (IOException e) {
      Log.warnf("Ignoring unreadable hash cache %s: %s", file, e.getMessage());
      return JSON.createObjectNode();
    }
  }

  private void write(ObjectNode root) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
