package io.sdnest.downloader.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.data.DataLayout;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.model.ModelType;

/** Where files may be written: under a type's root in the data directory, never through a symbolic link. */
@ApplicationScoped
public class TargetPaths {

  private static final int MAX_DIRECTORY_DEPTH = 4;

  private final DataLayout data;

  public TargetPaths(DataLayout data) {
    this.data = data;
  }

  public Path dataRoot() {
    return data.root();
  }

  /** The folder a type's files go to; {@code directory} (a relative path under {@code models/}) only for OTHER. */
  public Path typeRoot(ModelType type, Optional<String> directory) {
    Path root = data.root().resolve(type.folder());
    if (type != ModelType.OTHER) {
      if (directory.filter(d -> !d.isBlank()).isPresent()) {
        throw ApiException.badRequest("directory is only for type OTHER");
      }
      return root;
    }
    String dir = directory.filter(d -> !d.isBlank())
        .orElseThrow(() -> ApiException.badRequest("directory is required for type OTHER (a folder under models/)"));
    // OTHER's looser extension list and size limit must not reach a typed folder
    ModelType.owningFolder(dir.split("/")[0]).ifPresent(owner -> {
      throw ApiException.badRequest("directory " + dir + " is inside " + owner.folder() + ", the folder of type " + owner
          + ": download with type " + owner + " instead of OTHER");
    });
    return relativeUnder(root, dir, "directory", MAX_DIRECTORY_DEPTH);
  }

  /**
   * A user's relative path ({@code sub/name.safetensors}) under {@code root}: each segment a safe file name (no
   * {@code .}, {@code ..} or hidden names), at most {@code maxSegments} of them, not through a symbolic link; else 400.
   */
  public Path relativeUnder(Path root, String relative, String field, int maxSegments) {
    if (relative.startsWith("/") || relative.startsWith("\\") || relative.contains("\\") || relative.contains(":")) {
      throw ApiException.badRequest(field + " must be a relative path under " + relative(root) + "/: " + relative);
    }
    String[] segments = relative.split("/");
    if (segments.length > maxSegments) {
      throw ApiException.badRequest(field + " is deeper than " + maxSegments + " folders");
    }
    Path resolved = root;
    for (String segment : segments) {
      resolved = resolved.resolve(FileNames.requireSafe(segment, field));
    }
    return inside(root, resolved);
  }

  /** {@code path} itself, after checking it lies under {@code root} and no part of it below the data root is a link. */
  public Path inside(Path root, Path path) {
    Path normal = path.toAbsolutePath().normalize();
    Path normalRoot = root.toAbsolutePath().normalize();
    if (!normal.startsWith(normalRoot) || !normal.startsWith(data.root())) {
      throw ApiException.badRequest("The path leaves its folder: " + data.root().relativize(normal));
    }
    for (Path p = normal; p != null && p.startsWith(data.root()) && !p.equals(data.root()); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw ApiException.badRequest("Refusing to write through the symbolic link " + data.root().relativize(p));
      }
    }
    return normal;
  }

  /** Creates the folder (and its parents) under the data root, refusing links. */
  public Path createFolder(Path root, Path folder) {
    Path checked = inside(root, folder);
    try {
      Files.createDirectories(checked);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.isDirectory(checked, LinkOption.NOFOLLOW_LINKS)) {
      throw ApiException.badRequest("Not a folder: " + data.root().relativize(checked));
    }
    return inside(root, checked);
  }

  public String relative(Path path) {
    return data.root().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}
