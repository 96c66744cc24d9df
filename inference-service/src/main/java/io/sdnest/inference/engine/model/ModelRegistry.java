package io.sdnest.inference.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;

/**
 * The models in {@code models/Stable-diffusion}: ONNX pipeline folders (loadable when SD 1.x/2.x and complete) and
 * single-file checkpoints ({@code .safetensors}, {@code .ckpt}; listed with their A1111 names and hashes, not loadable).
 * Hashes are cached in {@code state/cache.json}; {@link #rescan()} replaces the list atomically.
 */
public final class ModelRegistry {

  private static final String SINGLE_FILE_PROBLEM =
      "single-file checkpoints (.safetensors/.ckpt) cannot be loaded yet; convert the model to an ONNX pipeline folder "
          + "(optimum-cli export onnx) and put that folder under models/Stable-diffusion";

  private final Path checkpoints;
  private final HashCache hashes;
  private volatile List<ModelEntry> models = List.of();

  public ModelRegistry(Path checkpoints, HashCache hashes) {
    this.checkpoints = checkpoints.toAbsolutePath().normalize();
    this.hashes = hashes;
  }

  public Path checkpointsDir() {
    return checkpoints;
  }

  /** The models found by the last scan, sorted by name. */
  public List<ModelEntry> models() {
    return models;
  }

  /** The model that {@code key} names (title, name, model_name, sha256 or shorthash), if any. */
  public Optional<ModelEntry> find(String key) {
    for (ModelEntry m : models) {
      if (m.matches(key)) {
        return Optional.of(m);
      }
    }
    if (key != null && key.trim().endsWith("]") && key.contains(" [")) {
      // "name [otherhash]": A1111 falls back to the name part
      return find(key.substring(0, key.lastIndexOf(" [")).trim());
    }
    return Optional.empty();
  }

  /** Scans the folder again; entries that cannot be read are logged and skipped. */
  public synchronized List<ModelEntry> rescan() {
    List<ModelEntry> found = new ArrayList<>();
    if (Files.isDirectory(checkpoints)) {
      scan(checkpoints, found);
    }
    found.sort(Comparator.comparing(ModelEntry::name));
    models = List.copyOf(found);
    return models;
  }

  private void scan(Path dir, List<ModelEntry> found) {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (Path p : children) {
      String fileName = p.getFileName().toString();
      if (DataLayout.ignoredByScanners(fileName)) {
        continue;
      }
      try {
        if (Files.isDirectory(p)) {
          if (PipelineFolder.isPipeline(p)) {
            found.add(pipelineEntry(p));
          } else {
            scan(p, found);
          }
        } else {
          singleFileEntry(p).ifPresent(found::add);
        }
      } catch (RuntimeException e) {
        Log.warnf("Skipping model %s: %s", p, e.getMessage());
      }
    }
  }

  private ModelEntry pipelineEntry(Path dir) {
    String name = relativeName(dir);
    PipelineFolder folder = PipelineFolder.read(dir, name);
    Path weights = folder.mainWeightsFile();
    String sha = Files.isRegularFile(weights) ? hashes.sha256("checkpoint/" + name, weights) : sha256OfName(name);
    return new ModelEntry(name, modelName(name), sha, dir, weights, ModelEntry.Format.ONNX_PIPELINE, folder, folder.problem());
  }

  private Optional<ModelEntry> singleFileEntry(Path file) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ModelEntry.Format format;
    if (lower.endsWith(".safetensors")) {
      format = ModelEntry.Format.SAFETENSORS;
    } else if (lower.endsWith(".ckpt")) {
      format = ModelEntry.Format.CKPT;
    } else {
      return Optional.empty();
    }
    String name = relativeName(file);
    String sha = hashes.sha256("checkpoint/" + name, file);
    String base = name.substring(0, name.lastIndexOf('.'));
    return Optional.of(new ModelEntry(name, modelName(base), sha, file, file, format, null, Optional.of(SINGLE_FILE_PROBLEM)));
  }

  private String relativeName(Path p) {
    return checkpoints.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  private static String modelName(String nameWithoutExtension) {
    return nameWithoutExtension.replace('/', '_').replace('\\', '_');
  }

  /** A stand-in hash for a folder without a UNet file, so that it can still be listed (and refused by name). */
  private static String sha256OfName(String name) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(("missing:" + name).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
