package io.sdnest.downloader.rest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.sdnest.common.error.ApiException;

/**
 * Enum query and path parameters read from strings, in any case: an unknown value is the caller's mistake (a 400 that
 * lists the valid ones), where JAX-RS's own conversion of an enum parameter answers 404 "Not Found".
 */
final class EnumParams {

  private EnumParams() {
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Unknown " + field + " " + value + "; one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** Empty when the parameter is absent or blank. */
  static <E extends Enum<E>> Optional<E> optional(Class<E> type, String value, String field) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(v -> parse(type, v, field));
  }
}
