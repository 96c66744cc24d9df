package io.sdnest.common.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

/**
 * A1111's hash cache, {@code state/cache.json}: {@code {"hashes": {"checkpoint/<name>": {"mtime": <s>, "sha256": <hex>,
 * "size": <bytes>}}}}, written by the downloader (seeding hashes it verified) and the inference service (hashes it
 * computed). Every change takes {@code cache.json.lock} (and, within one JVM, a monitor, since a JVM cannot hold two
 * locks on one file), re-reads the file, changes its own entries and replaces the file atomically, so two writers never
 * lose each other's entries. Readers need no lock: the file is only ever replaced whole.
 */
public final class HashCacheFile {

  public static final String SECTION = "hashes";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object JVM_LOCK = new Object();

  private final Path file;
  private final Path lock;

  public HashCacheFile(Path file) {
    this.file = file;
    this.lock = file.resolveSibling(file.getFileName() + ".lock");
  }

  public Path file() {
    return file;
  }

  /** The whole file; empty when it is missing or unreadable (it is only a cache). */
  public ObjectNode read() {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      return Files.size(file) > 0 && JSON.readTree(file.toFile()) instanceof ObjectNode root ? root : JSON.createObjectNode();
    } catch (IOException e) {
      Log.warnf("Ignoring the unreadable hash cache %s: %s", file, e.getMessage());
      return JSON.createObjectNode();
    }
  }

  /** The entry for {@code key} (a missing node when there is none). */
  public JsonNode entry(String key) {
    return read().path(SECTION).path(key);
  }

  /** Records a file's hash, keeping every other entry and section as the file has them now. */
  public void put(String key, double mtime, String sha256, long size) throws IOException {
    update(hashes -> {
      ObjectNode entry = hashes.putObject(key);
      entry.put("mtime", mtime);
      entry.put("sha256", sha256);
      entry.put("size", size);
    });
  }

  public void remove(String key) throws IOException {
    update(hashes -> hashes.remove(key));
  }

  private void update(Consumer<ObjectNode> change) throws IOException {
    Files.createDirectories(file.getParent());
    synchronized (JVM_LOCK) {
      try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        ObjectNode root = read();
        ObjectNode hashes = root.get(SECTION) instanceof ObjectNode h ? h : root.putObject(SECTION);
        change.accept(hashes);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
