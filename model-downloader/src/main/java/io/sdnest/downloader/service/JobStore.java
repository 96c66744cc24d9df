package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;

/** Jobs as one JSON file each under {@code state/downloads/}, replaced atomically. */
@ApplicationScoped
public class JobStore {

  private final Path dir;
  private final ObjectMapper json;

  public JobStore(DataLayout data, ObjectMapper json) {
    this.dir = data.state().resolve("downloads");
    this.json = json;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void save(DownloadJob job) {
    Path file = dir.resolve(job.id + ".json");
    Path tmp = dir.resolve(job.id + ".json.tmp");
    try {
      byte[] bytes;
      synchronized (job) {
        bytes = json.writeValueAsBytes(job);
      }
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Log.warnf("Cannot save download %s: %s", job.id, e.getMessage());
    }
  }

  public void delete(String id) {
    try {
      Files.deleteIfExists(dir.resolve(id + ".json"));
    } catch (IOException e) {
      Log.warnf("Cannot delete download %s: %s", id, e.getMessage());
    }
  }

  public List<DownloadJob> loadAll() {
    List<DownloadJob> jobs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          jobs.add(json.readValue(f.toFile(), DownloadJob.class));
        } catch (IOException e) {
          Log.warnf("Ignoring unreadable download state %s: %s", f.getFileName(), e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jobs;
  }
}
