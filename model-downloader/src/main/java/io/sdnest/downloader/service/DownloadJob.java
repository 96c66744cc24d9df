package io.sdnest.downloader.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.model.JobState;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;

/**
 * A download's state, persisted as JSON in {@code state/downloads/<id>.json} so it resumes after a restart.
 * The hub token is held in memory only and never written.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DownloadJob {

  String id;
  /** The pasted URL; a hub link without the hub token its query carried. */
  String url;
  ModelType type;
  Kind kind;
  String name;
  String fileType;
  String directory;
  String expectedSha256;
  /** Whether the user gave a hub token: it is never written, so a job resumed after a restart runs without it. */
  boolean tokenGiven;

  volatile JobState state = JobState.QUEUED;
  String hub;
  /** The hub's own type for the model, mapped to ours (liblib's modelType), when it says. */
  volatile ModelType hubType;
  /** The final path, relative to the data directory, once known. */
  volatile String target;
  boolean folder;
  final AtomicLong bytesDone = new AtomicLong();
  volatile Long bytesTotal;
  volatile String sha256;
  volatile FailureReason reason;
  volatile String error;
  final List<String> skipped = new ArrayList<>();
  final List<FileEntry> files = new ArrayList<>();
  Instant createdAt;
  volatile Instant updatedAt;
  volatile Instant finishedAt;

  @JsonIgnore
  transient Optional<String> token = Optional.empty();
  @JsonIgnore
  transient volatile boolean cancelRequested;
  @JsonIgnore
  transient volatile HttpUriRequestBase currentRequest;
  @JsonIgnore
  transient volatile double speed;
  @JsonIgnore
  transient long sampleBytes;
  @JsonIgnore
  transient long sampleNanos;

  /** One file of the job (a repository download has many): what the hub declared and what is done. */
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
      isGetterVisibility = JsonAutoDetect.Visibility.NONE)
  public static class FileEntry {
    String path;
    Long size;
    /** Whether {@link #size} came from the file server's answer rather than from a hub's listing or the user. */
    boolean sizeFromServer;
    String sha256;
    String etag;
    boolean done;

    FileEntry() {
    }

    FileEntry(String path) {
      this.path = path;
    }
  }

  public String id() {
    return id;
  }

  public JobState state() {
    return state;
  }

  synchronized FileEntry file(String path) {
    for (FileEntry f : files) {
      if (f.path.equals(path)) {
        return f;
      }
    }
    FileEntry f = new FileEntry(path);
    files.add(f);
    return f;
  }

  void fail(FailureReason why, String message) {
    reason = why;
    error = message;
    state = JobState.FAILED;
  }

  /** Bytes per second since the previous sample; called about once a second. */
  void sampleSpeed(long nowNanos) {
    long done = bytesDone.get();
    if (sampleNanos != 0 && nowNanos > sampleNanos) {
      double instant = (done - sampleBytes) * 1e9 / (nowNanos - sampleNanos);
      speed = speed == 0 ? instant : 0.7 * speed + 0.3 * instant;
    }
    sampleBytes = done;
    sampleNanos = nowNanos;
  }

  Long etaSeconds() {
    Long total = bytesTotal;
    if (total == null || speed <= 0 || state != JobState.DOWNLOADING) {
      return null;
    }
    return (long) Math.ceil(Math.max(0, total - bytesDone.get()) / speed);
  }
}
