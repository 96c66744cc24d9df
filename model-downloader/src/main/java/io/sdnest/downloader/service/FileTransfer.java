package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.client.ContentRange;
import io.sdnest.downloader.client.HubHttp;
import io.sdnest.downloader.client.HubHttp.Fetch;
import io.sdnest.downloader.client.RemoteFile;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.security.BlockedAddressException;

/**
 * Brings one remote file into its {@code .part} file: resumes with Range (206 and a matching Content-Range, else
 * from the start), retries with backoff on network errors, 408, 429 and 5xx, re-resolves expired presigned URLs,
 * checks sizes while streaming, hashes as it goes and fsyncs at the end.
 */
@ApplicationScoped
public class FileTransfer {

  private static final int BUFFER = 512 << 10;
  private static final int BUFFERS = 16;

  private final HubHttp http;
  private final DownloaderConfig config;
  private final DownloadMetrics metrics;
  private final Backoff backoff;

  public FileTransfer(HubHttp http, DownloaderConfig config, DownloadMetrics metrics) {
    this.http = http;
    this.config = config;
    this.metrics = metrics;
    this.backoff = Backoff.of(config.retry());
  }

  /** Where the bytes go; decided from the first answer when the name comes from Content-Disposition. */
  public interface PartDecider {
    Path partFor(Fetch answer, RemoteFile file);
  }

  /** Fetches the hub's current URL for the file again (presigned URLs expire). */
  public interface ReResolver {
    RemoteFile again() throws IOException;
  }

  public record Result(Path part, long size, String sha256) {
  }

  public Result fetch(DownloadJob job, DownloadJob.FileEntry entry, RemoteFile file, Path knownPart, PartDecider decider,
      ReResolver reResolver, long maxSize) throws IOException {
    RemoteFile current = file;
    Path part = knownPart;
    int failures = 0;
    int reResolves = 0;
    while (true) {
      checkCancelled(job);
      if (failures > config.retry().maxAttempts()) {
        throw new DownloadFailure(FailureReason.NETWORK, "Gave up after " + failures + " attempts that made no progress");
      }
      long offset = part != null && Files.exists(part) ? Files.size(part) : 0;
      if (entry.size != null && offset > entry.size) {
        offset = truncate(job, part);
      }
      Map<String, String> headers = new HashMap<>();
      if (offset > 0) {
        headers.put("Range", "bytes=" + offset + "-");
        if (entry.etag != null) {
          headers.put("If-Range", entry.etag);
        }
      }
      Duration retryAfter = null;
      try (Fetch answer = http.get(current.source(), current.hosts(), current.hubHeaders(), headers, r -> job.currentRequest = r)) {
        int status = answer.status();
        if (status == 416 && offset > 0) {
          if (entry.size != null && offset == entry.size) {
            return new Result(part, offset, hashFile(part));
          }
          truncate(job, part);
          failures++;
          continue;
        }
        if (status == 401) {
          throw new DownloadFailure(FailureReason.TOKEN_REQUIRED, "The hub wants a login: pass a token with the download "
              + "(HTTP 401 from " + answer.finalUrl().getHost() + ")");
        }
        if ((status == 403 || status == 410) && (answer.redirected() || current.reResolvable())
            && reResolves < config.retry().maxReResolves()) {
          reResolves++;
          Log.infof("Download %s: HTTP %d from %s, the signed URL has expired; resolving it again", job.id, status,
              answer.finalUrl().getHost());
          answer.close();
          current = reResolver.again();
          continue;
        }
        if (status == 403) {
          throw new DownloadFailure(FailureReason.FORBIDDEN, "Access denied by " + answer.finalUrl().getHost()
              + ": a token or a membership is needed (HTTP 403)");
        }
        if (status == 404 || status == 410) {
          throw new DownloadFailure(FailureReason.NOT_FOUND, "Not found on " + answer.finalUrl().getHost() + " (HTTP " + status + ")");
        }
        if (status == 408 || status == 429 || status >= 500) {
          retryAfter = answer.retryAfter();
          throw new IOException("HTTP " + status + " from " + answer.finalUrl().getHost());
        }
        if (status != 200 && status != 206) {
          throw new DownloadFailure(FailureReason.HUB_ERROR, "Unexpected HTTP " + status + " from " + answer.finalUrl().getHost());
        }
        adoptLinkedMetadata(entry, answer);
        if (part == null) {
          part = decider.partFor(answer, current);
          offset = Files.exists(part) ? Files.size(part) : 0;
        }
        long start;
        Long total;
        if (status == 206) {
          ContentRange range = ContentRange.parse(answer.header("Content-Range"));
          if (offset == 0 || range == null || range.first() != offset
              || (entry.size != null && range.total() != null && !range.total().equals(entry.size))) {
            Log.infof("Download %s: the server's Content-Range %s does not continue at %d; starting over", job.id,
                answer.header("Content-Range"), offset);
            truncate(job, part);
            failures++;
            continue;
          }
          start = offset;
          total = range.total();
        } else {
          start = 0;
          long length = answer.response().getEntity() == null ? -1 : answer.response().getEntity().getContentLength();
          total = length >= 0 ? length : null;
        }
        if (status == 200 && entry.sizeFromServer) {
          // the whole file again (a changed file, or a server that ignores Range): its size is the one it sends now
          entry.size = null;
        }
        if (entry.size != null && total != null && !total.equals(entry.size)) {
          throw new DownloadFailure(FailureReason.SIZE_MISMATCH, "The hub declares " + entry.size + " bytes but "
              + answer.finalUrl().getHost() + " sends " + total);
        }
        if (entry.size == null) {
          entry.size = total;
          entry.sizeFromServer = total != null;
        }
        Long expected = entry.size;
        if (!job.folder && entry == job.files.get(0)) {
          // a size first learnt from Content-Length: the job's progress and ETA need it
          job.bytesTotal = expected;
        }
        if (expected != null && expected > maxSize) {
          throw new DownloadFailure(FailureReason.TOO_LARGE, "The file is " + expected + " bytes, more than the "
              + maxSize + " allowed for this type");
        }
        String etag = answer.header("ETag");
        entry.etag = etag != null && !etag.startsWith("W/") ? etag : null;
        if (expected != null) {
          FreeSpace.require(part.getParent(), expected - start, config.limits().freeSpaceMargin().asLongValue());
        }
        long before = Files.exists(part) ? Files.size(part) : 0;
        String sha256 = stream(job, answer.body(), part, start, expected != null ? expected : maxSize, expected != null);
        long size = Files.size(part);
        if (expected != null && size < expected) {
          throw new IOException("The connection ended after " + size + " of " + expected + " bytes");
        }
        if (size > before) {
          failures = 0;
        }
        return new Result(part, size, sha256);
      } catch (DownloadFailure | ApiException e) {
        throw e;
      } catch (BlockedAddressException e) {
        throw new DownloadFailure(FailureReason.BLOCKED, e.getMessage());
      } catch (IOException e) {
        checkCancelled(job);
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw e;
        }
        long now = part != null && Files.exists(part) ? Files.size(part) : 0;
        failures = now > offset ? 1 : failures + 1;
        if (failures > config.retry().maxAttempts()) {
          throw new DownloadFailure(FailureReason.NETWORK, "Gave up after " + config.retry().maxAttempts()
              + " attempts: " + e.getMessage());
        }
        Duration wait = backoff.delay(failures, retryAfter);
        Log.infof("Download %s: %s; retrying in %d ms (attempt %d)", job.id, e.getMessage(), wait.toMillis(), failures);
        sleep(job, wait);
      }
    }
  }

  private String stream(DownloadJob job, InputStream in, Path part, long start, long limit, boolean exact) throws IOException {
    MessageDigest digest = Digests.sha256();
    if (start > 0) {
      Digests.update(digest, part, start);
    }
    FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (out.size() > start) {
        job.bytesDone.addAndGet(-(out.size() - start));
        out.truncate(start);
      }
      out.position(start);
    } catch (IOException e) {
      out.close();
      throw e;
    }
    long position = start;
    long begin = System.nanoTime();
    StageTime waitingForBuffers = new StageTime();
    StageTime readingSocket = new StageTime();
    try (ChunkPipeline pipeline = new ChunkPipeline(PartFileWriter.open(part, out, start), digest, BUFFERS, BUFFER, job.bytesDone::addAndGet)) {
      while (true) {
        long[] t0 = StageTime.now();
        byte[] buf = pipeline.take();
        waitingForBuffers.since(t0);
        long[] t1 = StageTime.now();
        int n = 0;
        IOException dropped = null;
        try {
          for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) >= 0; ) {
            n += r;
          }
        } catch (IOException e) {
          // keep what arrived before the connection broke, so the resume starts after it
          dropped = e;
        }
        readingSocket.since(t1);
        if (n > 0) {
          if (job.cancelRequested || position + n > limit) {
            pipeline.release(buf);
            checkCancelled(job);
            throw new DownloadFailure(exact ? FailureReason.SIZE_MISMATCH : FailureReason.TOO_LARGE,
                "The server sent more than " + limit + " bytes");
          }
          pipeline.submit(buf, n);
          position += n;
          metrics.received(n);
        } else {
          pipeline.release(buf);
        }
        if (dropped != null) {
          throw dropped;
        }
        if (n < BUFFER) {
          break;
        }
      }
      long received = System.nanoTime();
      String sha256 = pipeline.finish();
      Log.infof("Download %s: %d bytes in %.1f s (socket reads %s, waiting for free buffers %s; writes %s, hashing %s, "
          + "background fdatasyncs %s), then %.1f s to finish writing, hashing and fsync", job.id, position - start,
          (received - begin) / 1e9, readingSocket, waitingForBuffers, pipeline.writing, pipeline.hashing, pipeline.flushing,
          (System.nanoTime() - received) / 1e9);
      return sha256;
    }
  }

  /** Hugging Face's resolve redirect names the LFS object's sha256 and size ({@code X-Linked-Etag}, {@code X-Linked-Size}). */
  private static void adoptLinkedMetadata(DownloadJob.FileEntry entry, Fetch answer) {
    String etag = answer.linkedHeaders().get("x-linked-etag");
    if (entry.sha256 == null && etag != null) {
      String value = etag.replace("W/", "").replace("\"", "").trim();
      if (value.matches("[0-9a-fA-F]{64}")) {
        entry.sha256 = value.toLowerCase(java.util.Locale.ROOT);
      }
    }
    String size = answer.linkedHeaders().get("x-linked-size");
    if (entry.size == null && size != null && size.matches("[0-9]{1,18}")) {
      entry.size = Long.parseLong(size);
    }
  }

  static String hashFile(Path file) throws IOException {
    MessageDigest digest = Digests.sha256();
    Digests.update(digest, file, Files.size(file));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static long truncate(DownloadJob job, Path part) throws IOException {
    if (part != null && Files.exists(part)) {
      job.bytesDone.addAndGet(-Files.size(part));
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
    }
    return 0;
  }

  static void checkCancelled(DownloadJob job) {
    if (job.cancelRequested) {
      throw new CancelledException();
    }
  }

  private static void sleep(DownloadJob job, Duration wait) throws InterruptedIOException {
    long until = System.nanoTime() + wait.toNanos();
    try {
      while (System.nanoTime() < until) {
        checkCancelled(job);
        Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Thrown inside a job's thread when the user cancelled it. */
  static class CancelledException extends RuntimeException {
    CancelledException() {
      super("cancelled", null, false, false);
    }
  }
}
