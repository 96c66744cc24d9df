package io.sdnest.downloader.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.sdnest.downloader.model.ModelType;

/** liblib's documented {@code modelType} codes and what they mean here. */
class LiblibTypeMappingTest {

  @ParameterizedTest
  @CsvSource({"1,CHECKPOINT", "2,EMBEDDING", "3,HYPERNETWORK", "4,OTHER", "5,LORA", "6,LORA", "7,CONTROLNET", "8,OTHER",
      "9,OTHER", "10,OTHER", "11,VAE"})
  void eachDocumentedCodeMapsToOurType(int code, ModelType type) {
    assertThat(LiblibClient.typeOf(code)).isEqualTo(type);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 12, 99})
  void aMissingOrUndocumentedCodeIsUnknown(int code) {
    assertThat(LiblibClient.typeOf(code)).isNull();
  }
}
