package io.sdnest.downloader.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void remoteNamesAreReducedToASafeBasename() {
    assertThat(FileNames.sanitise("../../etc/passwd")).contains("passwd");
    assertThat(FileNames.sanitise("..\\..\\win.ini")).contains("win.ini");
    assertThat(FileNames.sanitise("a\u0000b\u001fc.safetensors")).contains("abc.safetensors");
    assertThat(FileNames.sanitise(".hidden.safetensors")).contains("hidden.safetensors");
    assertThat(FileNames.sanitise("水墨 ink|v2丨final")).contains("水墨 ink_v2_final");
    assertThat(FileNames.sanitise("..")).isEmpty();
    assertThat(FileNames.sanitise("/")).isEmpty();
    assertThat(FileNames.sanitise("x".repeat(300) + ".safetensors").get()).endsWith(".safetensors").hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void extensionAndBaseName() {
    assertThat(FileNames.extension("a.B.SafeTensors")).isEqualTo("safetensors");
    assertThat(FileNames.extension("noext")).isEmpty();
    assertThat(FileNames.baseName("model.v2.safetensors")).isEqualTo("model.v2");
  }
}
