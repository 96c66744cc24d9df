package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.downloader.client.Sidecar;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;

/** Makes a verified file or folder visible in one atomic rename, then tells the hash cache and inference. */
@ApplicationScoped
public class Publisher {

  private final HashCache hashCache;
  private final InferenceRefresher refresher;

  public Publisher(HashCache hashCache, InferenceRefresher refresher) {
    this.hashCache = hashCache;
    this.refresher = refresher;
  }

  public void publishFile(Path part, Path target, ModelType type, Kind kind, String sha256) throws IOException {
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) && kind == Kind.MODEL) {
      throw new DownloadFailure(FailureReason.TARGET_EXISTS, target.getFileName() + " already exists; delete it first");
    }
    move(part, target);
    if (kind == Kind.PREVIEW) {
      removeOtherPreviews(target);
    } else if (sha256 != null) {
      hashCache.seed(type, target, sha256);
    }
    refresher.refresh(type);
  }

  public void publishFolder(Path staging, Path target, ModelType type) throws IOException {
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new DownloadFailure(FailureReason.TARGET_EXISTS, target.getFileName() + " already exists; delete it first");
    }
    move(staging, target);
    refresher.refresh(type);
  }

  /** Writes the hub's metadata files beside a published model; a failure is logged, the model stays. */
  public void writeSidecars(Path model, List<Sidecar> sidecars) {
    String base = FileNames.baseName(model.getFileName().toString());
    for (Sidecar sidecar : sidecars) {
      Path file = model.resolveSibling(base + sidecar.suffix());
      // named like a job's .part file, so the stale .part cleaner removes it if the process dies here
      Path tmp = model.resolveSibling(base + sidecar.suffix() + "."
          + String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".part");
      try {
        Files.write(tmp, sidecar.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Log.infof("Cannot write %s: %s", file.getFileName(), e.getMessage());
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the stale .part cleaner removes it later
        }
      }
    }
  }

  /** Renames within one folder, atomically, and makes the rename durable. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
    syncFolder(to.getParent());
  }

  static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every platform can fsync a directory; the rename itself is still atomic
    }
  }

  /** A1111 picks an arbitrary one when a model has several previews, so a new preview replaces the others. */
  private static void removeOtherPreviews(Path preview) throws IOException {
    String fileName = preview.getFileName().toString();
    String base = fileName.substring(0, fileName.lastIndexOf(".preview."));
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(preview.getParent(), escapeGlob(base) + ".preview.*")) {
      for (Path p : siblings) {
        if (!p.equals(preview) && ModelType.PREVIEW_EXTENSIONS.contains(FileNames.extension(p.getFileName().toString()))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static String escapeGlob(String s) {
    return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }
}
