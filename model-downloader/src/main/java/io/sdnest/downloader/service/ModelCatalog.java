package io.sdnest.downloader.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sdnest.common.data.DataLayout;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.ModelEntry;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.FileNames;
import io.sdnest.downloader.security.TargetPaths;

/** What is on the volume, per type, and removing a model with its sidecars. */
@ApplicationScoped
public class ModelCatalog {

  private static final int MAX_DEPTH = 6;
  private static final List<String> SIDECARS = List.of(".json", ".civitai.info", ".liblibai.info", ".description.txt");

  private final TargetPaths paths;
  private final HashCache hashCache;
  private final TargetClaims claims;
  private final InferenceRefresher refresher;
  private final ObjectMapper json;
  private final long maxHeader;

  public ModelCatalog(TargetPaths paths, HashCache hashCache, TargetClaims claims, InferenceRefresher refresher,
      ObjectMapper json, DownloaderConfig config) {
    this.paths = paths;
    this.hashCache = hashCache;
    this.claims = claims;
    this.refresher = refresher;
    this.json = json;
    this.maxHeader = config.limits().maxSafetensorsHeader().asLongValue();
  }

  public List<ModelEntry> list(Optional<ModelType> only) {
    List<ModelEntry> out = new ArrayList<>();
    for (ModelType type : only.map(List::of).orElse(List.of(ModelType.values()))) {
      Path root = paths.dataRoot().resolve(type.folder());
      if (!Files.isDirectory(root)) {
        continue;
      }
      if (type == ModelType.OTHER) {
        Set<Path> typed = Stream.of(ModelType.values()).filter(t -> t != ModelType.OTHER)
            .map(t -> paths.dataRoot().resolve(t.folder()).normalize()).collect(java.util.stream.Collectors.toSet());
        try (Stream<Path> top = Files.list(root)) {
          top.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !typed.contains(p.normalize())
              && !p.getFileName().toString().startsWith(".")).sorted().forEach(dir -> scan(type, dir, 1, out));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        scan(type, root, 0, out);
      }
    }
    return out;
  }

  private void scan(ModelType type, Path dir, int depth, List<ModelEntry> out) {
    if (depth > MAX_DEPTH) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : children.sorted(Comparator.comparing(Path::toString)).toList()) {
        String name = p.getFileName().toString();
        if (DataLayout.ignoredByScanners(name) || Files.isSymbolicLink(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          if (type == ModelType.CHECKPOINT && Files.exists(p.resolve("model_index.json"))) {
            out.add(new ModelEntry(name, type, paths.relative(p), folderSize(p), true, null, null, hasPreview(p), false, Map.of()));
          } else {
            scan(type, p, depth + 1, out);
          }
          continue;
        }
        String ext = FileNames.extension(name);
        if (!type.safeExtensions().contains(ext) && !type.pickleExtensions().contains(ext)) {
          continue;
        }
        Optional<String> sha = hashCache.lookup(type, p);
        out.add(new ModelEntry(name, type, paths.relative(p), Files.size(p), false, sha.map(s -> s.substring(0, 10)).orElse(null),
            sha.orElse(null), hasPreview(p), ModelType.isPickle(name), metadata(p, ext)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> metadata(Path file, String ext) {
    if (!ext.equals("safetensors")) {
      return Map.of();
    }
    try {
      return SafetensorsHeader.metadata(file, maxHeader, json);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  /**
   * Removes a model (file or folder) named by its path under the type's root ({@code sub/name.safetensors}), with the
   * previews and sidecars the listing counts as its own.
   */
  public void delete(ModelType type, String name, Optional<String> directory) {
    Path root = paths.typeRoot(type, directory);
    Path model = paths.relativeUnder(root, name, "name", MAX_DEPTH + 1);
    if (!Files.exists(model, LinkOption.NOFOLLOW_LINKS)) {
      throw ApiException.notFound("No " + type + " named " + name);
    }
    if (claims.isClaimed(model)) {
      throw ApiException.conflict(name + " is being downloaded; cancel the download first");
    }
    List<Path> sidecars = sidecars(model);
    try {
      if (Files.isDirectory(model, LinkOption.NOFOLLOW_LINKS)) {
        DownloadService.deleteTree(model);
      } else {
        hashCache.forget(type, model);
        Files.delete(model);
      }
      for (Path sidecar : sidecars) {
        Files.deleteIfExists(sidecar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    refresher.refresh(type);
  }

  private static boolean hasPreview(Path model) {
    return previews(model).anyMatch(Files::exists);
  }

  /** A1111 shows {@code <base>.preview.<ext>} or {@code <base>.<ext>} as a model's preview. */
  private static Stream<Path> previews(Path model) {
    String base = base(model);
    return ModelType.PREVIEW_EXTENSIONS.stream().sorted()
        .flatMap(ext -> Stream.of(model.resolveSibling(base + ".preview." + ext), model.resolveSibling(base + "." + ext)));
  }

  /** The files beside a model that belong to it: its previews and the hubs' metadata files. */
  private static List<Path> sidecars(Path model) {
    String base = base(model);
    return Stream.concat(previews(model), SIDECARS.stream().map(suffix -> model.resolveSibling(base + suffix)))
        .filter(p -> !p.equals(model)).toList();
  }

  private static String base(Path model) {
    String name = model.getFileName().toString();
    return Files.isDirectory(model) ? name : FileNames.baseName(name);
  }

  private static long folderSize(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
