package io.sdnest.inference.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.sdnest.common.data.DataLayout;
import io.sdnest.common.error.ApiException;
import io.sdnest.inference.engine.model.ModelEntry;

/**
 * A1111's settings: the defaults of {@code a1111-options-defaults.tsv} overlaid with what clients set, persisted in
 * {@code state/config.json}. {@code sd_model_checkpoint} is the serving model: setting it switches the model.
 */
@ApplicationScoped
public class OptionsService {

  static final String CHECKPOINT = "sd_model_checkpoint";
  static final String CHECKPOINT_HASH = "sd_checkpoint_hash";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelHolder models;
  private final OptionDefaults defaults;
  private final Path file;
  private final Map<String, Object> set = new LinkedHashMap<>();

  public OptionsService(ModelHolder models, DataLayout data) {
    this.models = models;
    this.defaults = OptionDefaults.load(data.outputs());
    this.file = data.state().resolve("config.json");
    readSaved();
  }

  /** Every option with its current value, plus the serving checkpoint's title and sha256. */
  public synchronized Map<String, Object> all() {
    Map<String, Object> out = new LinkedHashMap<>(defaults.values());
    out.putAll(set);
    ModelEntry current = currentModel();
    out.put(CHECKPOINT, current != null ? current.title() : null);
    out.put(CHECKPOINT_HASH, current != null ? current.sha256() : null);
    return out;
  }

  /** A1111's POST /options: the checkpoint first (switching the model), then every other key; unknown keys → 400. */
  public synchronized void update(Map<String, Object> changes) {
    for (Map.Entry<String, Object> e : changes.entrySet()) {
      String key = e.getKey();
      if (!defaults.values().containsKey(key)) {
        throw ApiException.badRequest("Unknown option '" + key + "'");
      }
      if (!key.equals(CHECKPOINT) && !key.equals(CHECKPOINT_HASH)) {
        checkType(key, e.getValue());
      }
    }
    if (changes.get(CHECKPOINT) != null) {
      models.select(String.valueOf(changes.get(CHECKPOINT)));
    }
    changes.forEach((key, value) -> {
      if (!key.equals(CHECKPOINT) && !key.equals(CHECKPOINT_HASH) && !defaults.restricted(key)) {
        set.put(key, value);
      }
    });
    save();
  }

  /** The current value of one option. */
  public synchronized Object get(String key) {
    return set.containsKey(key) ? set.get(key) : defaults.values().get(key);
  }

  private ModelEntry currentModel() {
    try {
      return models.currentEntry();
    } catch (ApiException e) {
      return null;
    }
  }

  private void checkType(String key, Object value) {
    Object def = defaults.values().get(key);
    if (value == null || def == null) {
      return;
    }
    boolean ok = def instanceof Boolean ? value instanceof Boolean
        : def instanceof Number ? value instanceof Number
        : def instanceof String ? value instanceof String
        : def instanceof List ? value instanceof List
        : true;
    if (!ok) {
      throw ApiException.badRequest("Option '" + key + "' must be a " + typeName(def) + ", got " + value);
    }
  }

  private static String typeName(Object def) {
    return def instanceof Boolean ? "boolean" : def instanceof Number ? "number" : def instanceof String ? "string"
        : "list";
  }

  private void readSaved() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      Map<String, Object> saved = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
      saved.forEach((k, v) -> {
        if (defaults.values().containsKey(k) && !k.equals(CHECKPOINT) && !k.equals(CHECKPOINT_HASH)) {
          set.put(k, v);
        }
      });
    } catch (IOException e) {
      Log.warnf("Ignoring unreadable %s: %s", file, e.getMessage());
    }
  }

  private void save() {
    Map<String, Object> out = new LinkedHashMap<>(set);
    ModelEntry current = currentModel();
    if (current != null) {
      out.put(CHECKPOINT, current.title());
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("config.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), out);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ApiException(500, "OSError", "Cannot save the settings to " + file + ": " + e.getMessage());
    }
  }
}
