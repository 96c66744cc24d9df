package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;
import io.sdnest.inference.engine.model.ModelEntry;

/**
 * The checkpoint to serve after a restart: the {@code sd_model_checkpoint} that {@code POST options} saved in
 * {@code state/config.json} while it still exists and loads, else the first loadable model (logged once).
 */
@ApplicationScoped
public class SavedCheckpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private String reported;

  public SavedCheckpoint(DataLayout data) {
    this.file = data.state().resolve("config.json");
  }

  /** The model to start with among {@code models}, if any is loadable. */
  public Optional<ModelEntry> choose(List<ModelEntry> models) {
    Optional<String> saved = saved();
    Optional<ModelEntry> first = models.stream().filter(ModelEntry::loadable).findFirst();
    if (saved.isEmpty()) {
      return first;
    }
    Optional<ModelEntry> match = pick(models, saved.get());
    if (match.isEmpty() && first.isPresent()) {
      reportOnce(saved.get(), "Saved checkpoint '%s' is missing or cannot load; serving %s instead", saved.get(),
          first.get().title());
    }
    return match.or(() -> first);
  }

  /** The loadable model {@code saved} names (by title, name or hash, as POST options accepts them). */
  static Optional<ModelEntry> pick(List<ModelEntry> models, String saved) {
    Optional<ModelEntry> exact = models.stream().filter(ModelEntry::loadable).filter(m -> m.title().equals(saved))
        .findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    String withoutHash = saved.endsWith("]") && saved.contains(" [")
        ? saved.substring(0, saved.lastIndexOf(" [")).trim() : saved;
    return models.stream().filter(ModelEntry::loadable).filter(m -> m.matches(saved) || m.matches(withoutHash))
        .findFirst();
  }

  private Optional<String> saved() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode checkpoint = JSON.readTree(file.toFile()).path(OptionsService.CHECKPOINT);
      return checkpoint.isTextual() && !checkpoint.textValue().isBlank() ? Optional.of(checkpoint.textValue())
          : Optional.empty();
    } catch (IOException e) {
      reportOnce(file.toString(), "Ignoring unreadable %s: %s", file, e.getMessage());
      return Optional.empty();
    }
  }

  private synchronized void reportOnce(String key, String format, Object... args) {
    if (!key.equals(reported)) {
      reported = key;
      Log.infof(format, args);
    }
  }
}
