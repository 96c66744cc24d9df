package io.sdnest.downloader.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HeaderParsingTest {

  @Test
  void contentDispositionPrefersTheExtendedFilename() {
    assertThat(ContentDisposition.fileName("attachment; filename=\"a.safetensors\"; filename*=UTF-8''%E6%B0%B4%E5%A2%A8.safetensors"))
        .contains("水墨.safetensors");
    assertThat(ContentDisposition.fileName("attachment; filename=\"x \\\"q\\\".safetensors\"")).contains("x \"q\".safetensors");
    assertThat(ContentDisposition.fileName("attachment; filename=plain.ckpt")).contains("plain.ckpt");
    assertThat(ContentDisposition.fileName("inline")).isEmpty();
  }

  @Test
  void contentRangeIsParsedAndInconsistentRangesAreRejected() {
    assertThat(ContentRange.parse("bytes 100-199/1000")).isEqualTo(new ContentRange(100, 199, 1000L));
    assertThat(ContentRange.parse("bytes 100-199/*")).isEqualTo(new ContentRange(100, 199, null));
    assertThat(ContentRange.parse("bytes 200-100/1000")).isNull();
    assertThat(ContentRange.parse("bytes 0-1000/1000")).isNull();
    assertThat(ContentRange.parse("items 0-1/2")).isNull();
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    assertThat(RetryAfter.parse("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("soon")).isNull();
  }
}
