package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;

/**
 * How large an upload may be: the maximum upload size, the type's maximum file size (a preview's: the preview size),
 * and the free space of the volume the body is streamed to.
 */
@ApplicationScoped
public class UploadLimits {

  private final DownloaderConfig.Limits limits;
  private final Path uploads;

  public UploadLimits(DownloaderConfig config, @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
    this.limits = config.limits();
    this.uploads = Path.of(uploads).toAbsolutePath().normalize();
  }

  public long maxUpload() {
    return limits.maxUploadSize().asLongValue();
  }

  /** The largest file of this type and kind an upload may carry. */
  public long maxFor(ModelType type, Kind kind) {
    return Math.min(maxUpload(), limits.maxFileSize(type, kind));
  }

  /** 413 when a file of {@code size} bytes is too large for the type and kind. */
  public void requireWithin(long size, ModelType type, Kind kind) {
    long max = maxFor(type, kind);
    if (size > max) {
      throw tooLarge(size, max, kind == Kind.PREVIEW ? "a preview" : type.toString());
    }
  }

  /**
   * Before any of the body is read, from its declared length (which includes the multipart framing, so it bounds the
   * file): 413 above the maximum upload size, or above the type's or a preview's maximum when the request's query
   * names them; 507 when the volume could not hold it and keep the free-space margin.
   */
  public void admit(long declaredLength, Optional<ModelType> type, Optional<Kind> kind) {
    Kind k = kind.orElse(Kind.MODEL);
    if (type.isPresent() || k == Kind.PREVIEW) {
      requireWithin(declaredLength, type.orElse(ModelType.OTHER), k);
    } else if (declaredLength > maxUpload()) {
      throw tooLarge(declaredLength, maxUpload(), "an upload");
    }
    try {
      FreeSpace.require(existingAncestor(uploads), declaredLength, limits.freeSpaceMargin().asLongValue());
    } catch (DownloadFailure e) {
      throw new ApiException(507, "InsufficientStorage", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiException tooLarge(long size, long max, String what) {
    return new ApiException(413, "PayloadTooLarge", "The upload is " + size + " bytes, more than the " + max + " allowed for "
        + what);
  }

  private static Path existingAncestor(Path p) {
    Path existing = p;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }
}
