package io.sdnest.common.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class HashCacheFileTest {

  @TempDir
  Path state;

  @Test
  void concurrentWritersThroughTwoInstancesKeepEveryEntryAndOtherSections() throws Exception {
    Path file = state.resolve("cache.json");
    Files.writeString(file, "{\"hashes-addnet\": {\"lora/x\": {\"sha256\": \"00\"}}}");
    HashCacheFile downloader = new HashCacheFile(file);
    HashCacheFile inference = new HashCacheFile(file);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        HashCacheFile writer = i % 2 == 0 ? downloader : inference;
        String key = "checkpoint/m" + i + ".safetensors";
        writes.add(pool.submit(() -> {
          writer.put(key, 1.5, "ab".repeat(32), 7);
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("hashes").size()).isEqualTo(40);
    assertThat(root.path("hashes-addnet").path("lora/x").path("sha256").asText()).isEqualTo("00");
    assertThat(inference.entry("checkpoint/m7.safetensors").path("size").asLong()).isEqualTo(7);

    downloader.remove("checkpoint/m7.safetensors");
    assertThat(inference.entry("checkpoint/m7.safetensors").isMissingNode()).isTrue();
    assertThat(inference.read().path("hashes").size()).isEqualTo(39);
  }
}
