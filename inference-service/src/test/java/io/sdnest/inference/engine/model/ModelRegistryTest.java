package io.sdnest.inference.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path data;

  private Path checkpoints;
  private Path cacheFile;
  private ModelRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    checkpoints = Files.createDirectories(data.resolve("models/Stable-diffusion"));
    cacheFile = data.resolve("state/cache.json");
    registry = new ModelRegistry(checkpoints, new HashCache(cacheFile));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void namesAndHashesFollowA1111() throws Exception {
    new DemoPipelineGenerator().generateInto(checkpoints);
    Path single = Files.createDirectories(checkpoints.resolve("sub")).resolve("v1-5-pruned.safetensors");
    Files.write(single, new byte[] {1, 2, 3, 4, 5});
    Files.writeString(checkpoints.resolve("notes.txt"), "ignored");

    assertThat(registry.rescan()).extracting(ModelEntry::name).containsExactly("sdnest-demo", "sub/v1-5-pruned.safetensors");

    ModelEntry demo = registry.find("sdnest-demo").orElseThrow();
    String demoSha = sha256(checkpoints.resolve("sdnest-demo/unet/model.onnx_data"));
    assertThat(demo.sha256()).isEqualTo(demoSha);
    assertThat(demo.shorthash()).isEqualTo(demoSha.substring(0, 10));
    assertThat(demo.title()).isEqualTo("sdnest-demo [" + demoSha.substring(0, 10) + "]");
    assertThat(demo.loadable()).isTrue();

    ModelEntry file = registry.find("sub/v1-5-pruned.safetensors").orElseThrow();
    assertThat(file.sha256()).isEqualTo(sha256(single));
    assertThat(file.modelName()).isEqualTo("sub_v1-5-pruned");
    assertThat(file.loadable()).isFalse();
    assertThat(file.problem().orElseThrow()).contains("single-file checkpoints").contains("cannot be loaded yet");

    for (String key : new String[] {demo.title(), demo.shorthash(), demo.sha256(), demo.modelName(), "sdnest-demo [0000000000]"}) {
      assertThat(registry.find(key)).as(key).contains(demo);
    }
    assertThat(registry.find(file.shorthash())).contains(file);
    assertThat(registry.find("unknown")).isEmpty();
  }

  @Test
  void hashesAreCachedByMtimeInStateCacheJson() throws Exception {
    Path model = checkpoints.resolve("m.ckpt");
    Files.write(model, new byte[] {9, 8, 7});
    registry.rescan();

    JsonNode entry = JSON.readTree(cacheFile.toFile()).path("hashes").path("checkpoint/m.ckpt");
    assertThat(entry.path("sha256").asText()).isEqualTo(sha256(model));
    assertThat(entry.path("mtime").asDouble()).isEqualTo(Files.getLastModifiedTime(model).toMillis() / 1000.0);
    assertThat(entry.path("size").asLong()).isEqualTo(3);

    // A cached entry that is not older than the file is trusted: the file is not read again.
    ObjectNode root = (ObjectNode) JSON.readTree(cacheFile.toFile());
    String planted = "ab".repeat(32);
    ((ObjectNode) root.path("hashes").path("checkpoint/m.ckpt")).put("sha256", planted);
    root.putObject("hashes-addnet").put("kept", true);
    JSON.writeValue(cacheFile.toFile(), root);
    assertThat(registry.rescan().get(0).sha256()).isEqualTo(planted);

    // A newer file is hashed again, and other sections of cache.json survive.
    Files.setLastModifiedTime(model, FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() + 5000));
    assertThat(registry.rescan().get(0).sha256()).isEqualTo(sha256(model));
    assertThat(JSON.readTree(cacheFile.toFile()).path("hashes-addnet").path("kept").asBoolean()).isTrue();
  }

  @Test
  void rescanSeesAddedAndRemovedModels() throws Exception {
    assertThat(registry.rescan()).isEmpty();
    Path a = checkpoints.resolve("a.safetensors");
    Files.write(a, new byte[] {1});
    assertThat(registry.rescan()).hasSize(1);
    Files.delete(a);
    assertThat(registry.rescan()).isEmpty();
  }

  @Test
  void hiddenFoldersAndPartialDownloadsAreNotListed() throws Exception {
    new DemoPipelineGenerator().generateInto(Files.createDirectories(checkpoints.resolve(".sd-repo.0123456789abcdef.part")));
    new DemoPipelineGenerator().generateInto(Files.createDirectories(checkpoints.resolve("repo.0123456789abcdef.part")));
    Files.write(checkpoints.resolve("partial.safetensors.0123456789abcdef.part"), new byte[] {1});
    Files.write(checkpoints.resolve(".hidden.safetensors"), new byte[] {1});
    Files.write(checkpoints.resolve("whole.safetensors"), new byte[] {1});
    assertThat(registry.rescan()).extracting(ModelEntry::name).containsExactly("whole.safetensors");
  }

  @Test
  void anSdxlFolderIsListedAsNotLoadable() throws Exception {
    Path xl = checkpoints.resolve("xl");
    new DemoPipelineGenerator().write(xl, io.sdnest.inference.engine.demo.DemoVariant.standard().withSdxl(true));
    ModelEntry entry = registry.rescan().get(0);
    assertThat(entry.pipeline().kind()).isEqualTo(ModelKind.SDXL);
    assertThat(entry.problem().orElseThrow()).contains("SDXL");
  }
}
