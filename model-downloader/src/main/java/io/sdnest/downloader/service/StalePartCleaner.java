package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.sdnest.common.data.DataLayout;
import io.sdnest.downloader.config.DownloaderConfig;

/** Removes {@code .part} files and staging folders left by jobs that no longer exist (a crash, a lost state file). */
@ApplicationScoped
public class StalePartCleaner {

  private static final Pattern OWNED = Pattern.compile(".*\\.([0-9a-f]{16})\\.part$");

  private final DataLayout data;
  private final DownloadService downloads;
  private final DownloaderConfig config;

  public StalePartCleaner(DataLayout data, DownloadService downloads, DownloaderConfig config) {
    this.data = data;
    this.downloads = downloads;
    this.config = config;
  }

  @Scheduled(every = "${sdnest.downloader.cleanup-every:1h}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    clean();
  }

  /** Returns what was removed. */
  public List<Path> clean() {
    Instant cutoff = Instant.now().minus(config.stalePartAge());
    List<Path> stale = new ArrayList<>();
    for (Path root : List.of(data.models(), data.embeddings())) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && isStale(dir, attrs, cutoff)) {
              stale.add(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (isStale(file, attrs, cutoff)) {
              stale.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        Log.warnf("Stale .part scan of %s failed: %s", root, e.getMessage());
      }
    }
    for (Path p : stale) {
      Log.infof("Removing the stale partial download %s", data.root().relativize(p));
      DownloadService.deleteTree(p);
    }
    return stale;
  }

  private boolean isStale(Path p, BasicFileAttributes attrs, Instant cutoff) {
    Matcher m = OWNED.matcher(p.getFileName().toString());
    if (!m.matches()) {
      return false;
    }
    return !downloads.isLive(m.group(1)) && attrs.lastModifiedTime().toInstant().isBefore(cutoff);
  }
}
