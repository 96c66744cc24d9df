package io.sdnest.downloader.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.model.UploadResult;
import io.sdnest.downloader.security.TargetPaths;

/**
 * A file the user uploads (a preview image, a local model): the same names, checks and atomic publish as a
 * download. The HTTP layer has already streamed the body to a temporary file on the data volume.
 */
@ApplicationScoped
public class UploadService {

  private final DownloaderConfig config;
  private final TargetPaths paths;
  private final TargetClaims claims;
  private final Publisher publisher;
  private final DownloadMetrics metrics;
  private final UploadLimits limits;

  public UploadService(DownloaderConfig config, TargetPaths paths, TargetClaims claims, Publisher publisher, DownloadMetrics metrics,
      UploadLimits limits) {
    this.config = config;
    this.limits = limits;
    this.paths = paths;
    this.claims = claims;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  public UploadResult publish(Path uploaded, String uploadedName, String contentType, ModelType type, Kind kind, String name,
      String directory, String sha256) throws IOException {
    if (type == null) {
      throw ApiException.badRequest("type is required");
    }
    Kind k = kind == null ? Kind.MODEL : kind;
    String userName = name == null || name.isBlank() ? null : name.trim();
    TargetNames.validateRequest(type, k, userName, null, config.allowPickle());
    if (sha256 != null && !sha256.isBlank() && !sha256.trim().matches("[0-9a-fA-F]{64}")) {
      throw ApiException.badRequest("sha256 must be 64 hex characters");
    }
    long size = Files.size(uploaded);
    limits.requireWithin(size, type, k);
    String fileName;
    try {
      fileName = TargetNames.decide(type, k, userName, null, Optional.ofNullable(uploadedName), contentType, config.allowPickle());
    } catch (DownloadFailure e) {
      throw ApiException.badRequest(e.getMessage());
    }
    Path root = paths.createFolder(paths.dataRoot(), paths.typeRoot(type, Optional.ofNullable(directory).filter(d -> !d.isBlank())));
    Path target = paths.inside(root, root.resolve(fileName));
    String owner = "upload-" + HexFormat.of().formatHex(randomBytes());
    if (!claims.claim(target, owner)) {
      throw ApiException.conflict("Another download or upload is writing " + paths.relative(target));
    }
    Path part = target.resolveSibling(target.getFileName() + "." + owner.substring(7) + ".part");
    try {
      if (k == Kind.MODEL && Files.exists(target)) {
        throw ApiException.conflict(paths.relative(target) + " already exists; delete it first");
      }
      try {
        Files.move(uploaded, part, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException notSameFileSystem) {
        Files.copy(uploaded, part);
      }
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      String actual = FileTransfer.hashFile(part);
      if (sha256 != null && !sha256.isBlank() && !actual.equalsIgnoreCase(sha256.trim())) {
        metrics.failed(io.sdnest.downloader.model.FailureReason.SHA256_MISMATCH);
        throw ApiException.badRequest("sha256 is " + actual + ", expected " + sha256.trim().toLowerCase(Locale.ROOT)
            + "; the upload was discarded");
      }
      metrics.received(size);
      publisher.publishFile(part, target, type, k, k == Kind.MODEL ? actual : null);
      Log.infof("Upload: published %s (%d bytes)", paths.relative(target), size);
      return new UploadResult(paths.relative(target), size, actual);
    } catch (DownloadFailure e) {
      throw ApiException.conflict(e.getMessage());
    } finally {
      DownloadService.deleteQuietly(part);
      claims.release(target, owner);
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
