package io.sdnest.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sdnest.common.data.DataLayout;

class LoraCatalogTest {

  @TempDir
  Path data;

  @Test
  void hiddenFoldersHiddenFilesAndPartialDownloadsAreNotListed() throws Exception {
    Path lora = Files.createDirectories(data.resolve("models/Lora"));
    for (String file : new String[] {"style.safetensors", "sub/detail.pt",
        ".style-repo.0123456789abcdef.part/inner.safetensors", ".cache/cached.safetensors", ".hidden.safetensors",
        "staged.0123456789abcdef.part/staged.safetensors", "partial.safetensors.0123456789abcdef.part"}) {
      Path p = lora.resolve(file);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1, 2, 3});
    }
    assertThat(new LoraCatalog(new DataLayout(data)).refresh()).extracting(LoraCatalog.Lora::name)
        .containsExactly("style", "detail");
  }
}
