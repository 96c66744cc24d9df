package io.sdnest.inference.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdnest.common.data.HashCacheFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

  @TempDir
  Path data;

  @Test
  void anEntryTheDownloaderSeedsWhileAFileIsHashedIsKept() throws Exception {
    Path cacheFile = data.resolve("state/cache.json");
    Path model = Files.write(Files.createDirectories(data.resolve("models/Stable-diffusion")).resolve("m.ckpt"), new byte[] {1, 2});
    HashCacheFile downloaderSide = new HashCacheFile(cacheFile);
    downloaderSide.put("checkpoint/before.safetensors", 1.0, "aa".repeat(32), 10);
    HashCache cache = new HashCache(cacheFile, path -> {
      // the downloader publishes and seeds another model while this file is being hashed
      downloaderSide.put("checkpoint/seeded.safetensors", 2.0, "bb".repeat(32), 20);
      return HashCache.compute(path);
    });

    String sha = cache.sha256("checkpoint/m.ckpt", model);

    JsonNode hashes = new ObjectMapper().readTree(cacheFile.toFile()).path("hashes");
    assertThat(hashes.path("checkpoint/m.ckpt").path("sha256").asText()).isEqualTo(sha);
    assertThat(hashes.path("checkpoint/seeded.safetensors").path("sha256").asText()).isEqualTo("bb".repeat(32));
    assertThat(hashes.path("checkpoint/before.safetensors").path("sha256").asText()).isEqualTo("aa".repeat(32));
  }
}
