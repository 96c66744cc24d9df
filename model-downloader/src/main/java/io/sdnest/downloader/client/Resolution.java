package io.sdnest.downloader.client;

import java.util.List;
import java.util.Optional;

import io.sdnest.downloader.model.ModelType;

/**
 * What a pasted URL stands for. A {@code folder} resolution is a whole repository, downloaded into one folder
 * named {@code suggestedName}; otherwise {@code files} holds exactly one file. {@code modelPage}: the URL names a
 * model (a liblib page, a Civitai download link) rather than a file, so its preview is {@code preview}, the image
 * the hub offers for the model (liblib's or Civitai's cover), not {@code files}. {@code typeHint} is the hub's own
 * model type mapped to ours; {@code sidecars} are metadata files written beside the model.
 */
public record Resolution(String hub, Optional<String> suggestedName, boolean folder, boolean modelPage, List<RemoteFile> files,
    Optional<RemoteFile> preview, Optional<ModelType> typeHint, List<String> skipped, List<Sidecar> sidecars) {

  public static Resolution single(String hub, RemoteFile file) {
    return new Resolution(hub, file.name(), false, false, List.of(file), Optional.empty(), Optional.empty(), List.of(), List.of());
  }
}
