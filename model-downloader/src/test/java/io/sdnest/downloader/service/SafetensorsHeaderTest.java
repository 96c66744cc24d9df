package io.sdnest.downloader.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sdnest.downloader.testing.Safetensors;

class SafetensorsHeaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A valid file whose JSON header is about 2 KiB, every metadata value short enough to be kept. */
  private Path twoKibHeader() throws IOException {
    String metadata = IntStream.range(0, 8).mapToObj(i -> "\"key" + i + "\":\"" + "v".repeat(250) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
    byte[] file = Safetensors.withMetadata(metadata);
    assertThat(Safetensors.headerLength(file)).isBetween(2048L, 4096L);
    return Files.write(dir.resolve("long-header.safetensors"), file);
  }

  @Test
  void aValidHeaderLargerThanTheCapIsRefused() throws IOException {
    Path file = twoKibHeader();
    assertThatThrownBy(() -> SafetensorsHeader.metadata(file, 1024, JSON)).isInstanceOf(IOException.class)
        .hasMessageContaining("1024-byte cap");
  }

  @Test
  void theSameHeaderIsReadUnderTheDefaultCap() throws IOException {
    Path file = twoKibHeader();
    assertThat(SafetensorsHeader.metadata(file, 16L << 20, JSON)).hasSize(8).containsEntry("key3", "v".repeat(250));
  }
}
