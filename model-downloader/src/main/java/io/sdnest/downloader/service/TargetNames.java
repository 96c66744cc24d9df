package io.sdnest.downloader.service;

import java.util.Locale;
import java.util.Optional;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;

/**
 * The file name a download or upload is published under: the user's name when given, else the hub's, with an
 * extension the type accepts; a preview is {@code <model base>.preview.<image ext>}.
 */
public final class TargetNames {

  private TargetNames() {
  }

  /** Checks what the user asked for before anything is fetched (400 on a bad name or type). */
  public static void validateRequest(ModelType type, Kind kind, String name, String fileType, boolean allowPickle) {
    if (name != null && !name.isEmpty()) {
      FileNames.requireSafe(name, "name");
    }
    if (kind == Kind.PREVIEW && (name == null || name.isBlank())) {
      throw ApiException.badRequest("A preview needs name: the base name of the model it belongs to");
    }
    if (fileType != null && !fileType.isBlank()) {
      String ext = normalise(fileType);
      boolean ok = kind == Kind.PREVIEW ? ModelType.PREVIEW_EXTENSIONS.contains(ext) : type.accepts(ext, allowPickle);
      if (!ok) {
        throw ApiException.badRequest(refusal(type, kind, ext, allowPickle));
      }
    }
    if (kind == Kind.MODEL && name != null && isModelExtension(FileNames.extension(name)) && !type.accepts(FileNames.extension(name), allowPickle)) {
      throw ApiException.badRequest(refusal(type, kind, FileNames.extension(name), allowPickle));
    }
  }

  /**
   * The published file name. {@code remoteName} is what the hub, Content-Disposition or URL says; {@code contentType}
   * helps a preview without an extension.
   */
  public static String decide(ModelType type, Kind kind, String userName, String fileType, Optional<String> remoteName,
      String contentType, boolean allowPickle) {
    Optional<String> remote = remoteName.flatMap(FileNames::sanitise);
    String remoteExt = remote.map(FileNames::extension).orElse("");
    if (kind == Kind.PREVIEW) {
      String base = stripModelExtension(userName);
      String ext = firstNonEmpty(ModelType.PREVIEW_EXTENSIONS.contains(remoteExt) ? remoteExt : "", imageExtension(contentType),
          fileType == null ? "" : normalise(fileType));
      if (!ModelType.PREVIEW_EXTENSIONS.contains(ext)) {
        throw new DownloadFailure(FailureReason.BLOCKED, "The preview is not a png, jpg, jpeg, webp or gif image");
      }
      return base + ".preview." + ext;
    }
    String userExt = userName == null ? "" : FileNames.extension(userName);
    String ext;
    String base;
    if (userName != null && isModelExtension(userExt)) {
      base = FileNames.baseName(userName);
      ext = userExt;
    } else {
      base = userName != null ? userName : remote.map(FileNames::baseName)
          .orElseThrow(() -> new DownloadFailure(FailureReason.HUB_ERROR, "The server gives no file name; pass name"));
      ext = firstNonEmpty(remoteExt, fileType == null ? "" : normalise(fileType));
    }
    if (!type.accepts(ext, allowPickle)) {
      throw new DownloadFailure(FailureReason.BLOCKED, refusal(type, kind, ext, allowPickle));
    }
    return FileNames.sanitise(base + "." + ext).orElseThrow(() -> ApiException.badRequest("Invalid name"));
  }

  /** Whether the name can be fixed before the server answers (else Content-Disposition or the final URL decide). */
  public static boolean knownBeforeAnswer(Kind kind, String userName, String fileType, Optional<String> remoteName) {
    boolean hasFileType = fileType != null && !fileType.isBlank();
    if (kind == Kind.PREVIEW) {
      return hasFileType || remoteName.map(n -> ModelType.PREVIEW_EXTENSIONS.contains(FileNames.extension(n))).orElse(false);
    }
    return hasFileType || remoteName.isPresent() || (userName != null && isModelExtension(FileNames.extension(userName)));
  }

  static String refusal(ModelType type, Kind kind, String ext, boolean allowPickle) {
    if (kind == Kind.PREVIEW) {
      return "A preview must be png, jpg, jpeg, webp or gif, not ." + ext;
    }
    if (ModelType.PICKLE_EXTENSIONS.contains(ext) && !allowPickle && type.pickleExtensions().contains(ext)) {
      return "." + ext + " is a pickle format, which can run code when loaded; it is allowed only when "
          + "sdnest.downloader.allow-pickle is on (prefer .safetensors)";
    }
    return (ext.isEmpty() ? "A file without an extension" : "." + ext) + " is not accepted for " + type + "; allowed: "
        + String.join(", ", type.safeExtensions());
  }

  private static boolean isModelExtension(String ext) {
    for (ModelType t : ModelType.values()) {
      if (t.safeExtensions().contains(ext) || t.pickleExtensions().contains(ext)) {
        return true;
      }
    }
    return false;
  }

  private static String stripModelExtension(String name) {
    return isModelExtension(FileNames.extension(name)) ? FileNames.baseName(name) : name;
  }

  private static String imageExtension(String contentType) {
    if (contentType == null) {
      return "";
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("image/png")) {
      return "png";
    }
    if (ct.startsWith("image/jpeg")) {
      return "jpg";
    }
    if (ct.startsWith("image/webp")) {
      return "webp";
    }
    return ct.startsWith("image/gif") ? "gif" : "";
  }

  private static String normalise(String fileType) {
    String t = fileType.trim().toLowerCase(Locale.ROOT);
    return t.startsWith(".") ? t.substring(1) : t;
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
