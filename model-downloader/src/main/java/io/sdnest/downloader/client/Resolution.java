package io.sdnest.downloader.client;

import java.util.List;
import java.util.Optional;

import io.sdnest.downloader.model.ModelType;

/**
 * What a pasted URL stands for. A {@code folder} resolution is a whole repository, downloaded into one folder
 * named {@code suggestedName}; otherwise {@code files} holds exactly one file. {@code preview} is an image the hub
 * offers for the model (liblib's or Civitai's cover); {@code sidecars} are metadata files written beside it.
 */
public record Resolution(String hub, Optional<String> suggestedName, boolean folder, List<RemoteFile> files,
    Optional<RemoteFile> preview, Optional<ModelType> typeHint, List<String> skipped, List<Sidecar> sidecars) {

  public static Resolution single(String hub, RemoteFile file) {
    return new Resolution(hub, file.name(), false, List.of(file), Optional.empty(), Optional.empty(), List.of(), List.of());
  }
}
