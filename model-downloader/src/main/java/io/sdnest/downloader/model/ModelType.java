package io.sdnest.downloader.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Where each kind of model lives in A1111's layout, and which file extensions it accepts. */
public enum ModelType {
  CHECKPOINT("models/Stable-diffusion", Set.of("safetensors", "onnx", "gguf"), Set.of("ckpt"), "checkpoint/"),
  LORA("models/Lora", Set.of("safetensors"), Set.of("pt", "ckpt"), "lora/"),
  VAE("models/VAE", Set.of("safetensors"), Set.of("pt", "ckpt"), null),
  EMBEDDING("embeddings", Set.of("safetensors"), Set.of("pt", "bin"), "textual_inversion/"),
  HYPERNETWORK("models/hypernetworks", Set.of("safetensors"), Set.of("pt"), null),
  CONTROLNET("models/ControlNet", Set.of("safetensors"), Set.of("pt", "pth", "ckpt", "bin"), null),
  ESRGAN("models/ESRGAN", Set.of("safetensors"), Set.of("pt", "pth"), null),
  OTHER("models", Set.of("safetensors", "onnx", "gguf", "json", "yaml", "txt"), Set.of("pt", "pth", "ckpt", "bin"), null);

  /** Extensions of the single files inside a downloaded pipeline folder (an ONNX repo, say). */
  public static final Set<String> FOLDER_EXTENSIONS = Set.of("onnx", "onnx_data", "data", "pb", "json", "txt", "yaml",
      "yml", "safetensors", "model", "md", "png", "jpg", "jpeg", "webp", "gz", "tiktoken", "vocab", "merges");

  public static final Set<String> PREVIEW_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "gif");

  public static final Set<String> PICKLE_EXTENSIONS = Set.of("ckpt", "pt", "pth", "bin");

  private final String folder;
  private final Set<String> safeExtensions;
  private final Set<String> pickleExtensions;
  private final String hashCachePrefix;

  ModelType(String folder, Set<String> safeExtensions, Set<String> pickleExtensions, String hashCachePrefix) {
    this.folder = folder;
    this.safeExtensions = safeExtensions;
    this.pickleExtensions = pickleExtensions;
    this.hashCachePrefix = hashCachePrefix;
  }

  /** The type's root, relative to the data directory. */
  public String folder() {
    return folder;
  }

  public boolean accepts(String extension, boolean allowPickle) {
    String ext = extension.toLowerCase(Locale.ROOT);
    return safeExtensions.contains(ext) || (allowPickle && pickleExtensions.contains(ext));
  }

  public Set<String> safeExtensions() {
    return safeExtensions;
  }

  public Set<String> pickleExtensions() {
    return pickleExtensions;
  }

  /** A1111's hash cache title prefix, when A1111 keys this type's whole-file sha256 there. */
  public String hashCachePrefix() {
    return hashCachePrefix;
  }

  /** The type (not OTHER) whose root is {@code models/<folderName>}, compared case-insensitively. */
  public static Optional<ModelType> owningFolder(String folderName) {
    String prefix = OTHER.folder + "/";
    for (ModelType t : values()) {
      if (t != OTHER && t.folder.startsWith(prefix) && t.folder.substring(prefix.length()).equalsIgnoreCase(folderName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public String configKey() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static boolean isPickle(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot >= 0 && PICKLE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
