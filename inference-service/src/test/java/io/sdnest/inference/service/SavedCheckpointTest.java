package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sdnest.common.data.DataLayout;
import io.sdnest.inference.engine.model.ModelEntry;

/** After a restart the checkpoint POST options saved serves again, while it exists and loads. */
class SavedCheckpointTest {

  @TempDir
  Path root;

  private static ModelEntry model(String name, char hash, boolean loadable) {
    return new ModelEntry(name, name, String.valueOf(hash).repeat(64), Path.of(name), Path.of(name),
        ModelEntry.Format.ONNX_PIPELINE, null, loadable ? Optional.empty() : Optional.of("broken"));
  }

  private static final ModelEntry FIRST = model("first", 'a', true);
  private static final ModelEntry SECOND = model("second", 'b', true);
  private static final ModelEntry BROKEN = model("broken", 'c', false);
  private static final List<ModelEntry> MODELS = List.of(BROKEN, FIRST, SECOND);

  private SavedCheckpoint saved(String json) throws IOException {
    DataLayout data = new DataLayout(root);
    if (json != null) {
      Files.createDirectories(data.state());
      Files.writeString(data.state().resolve("config.json"), json);
    }
    return new SavedCheckpoint(data);
  }

  @Test
  void withoutSavedSettingsTheFirstLoadableModelServes() throws IOException {
    assertThat(saved(null).choose(MODELS)).contains(FIRST);
  }

  @Test
  void theSavedTitleServesAgain() throws IOException {
    assertThat(saved("{\"sd_model_checkpoint\": \"" + SECOND.title() + "\"}").choose(MODELS)).contains(SECOND);
  }

  @Test
  void aSavedNameWithAnOutdatedHashStillFindsTheModel() throws IOException {
    assertThat(saved("{\"sd_model_checkpoint\": \"second [0123456789]\"}").choose(MODELS)).contains(SECOND);
  }

  @Test
  void aRemovedOrUnloadableSavedModelFallsBackToTheFirstLoadable() throws IOException {
    assertThat(saved("{\"sd_model_checkpoint\": \"gone [dddddddddd]\"}").choose(MODELS)).contains(FIRST);
    assertThat(saved("{\"sd_model_checkpoint\": \"" + BROKEN.title() + "\"}").choose(MODELS)).contains(FIRST);
  }

  @Test
  void anUnreadableFileIsIgnored() throws IOException {
    assertThat(saved("{not json").choose(MODELS)).contains(FIRST);
  }

  @Test
  void noLoadableModelGivesNothing() throws IOException {
    assertThat(saved("{\"sd_model_checkpoint\": \"" + BROKEN.title() + "\"}").choose(List.of(BROKEN))).isEmpty();
  }
}
