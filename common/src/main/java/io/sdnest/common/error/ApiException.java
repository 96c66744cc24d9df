package io.sdnest.common.error;

import java.time.Duration;
import java.util.Optional;

/** A client-visible failure: its status, A1111's error type and a message that says what is wrong. */
public class ApiException extends RuntimeException {

  private final int status;
  private final String errorType;
  private final Duration retryAfter;

  public ApiException(int status, String errorType, String detail) {
    this(status, errorType, detail, null);
  }

  public ApiException(int status, String errorType, String detail, Duration retryAfter) {
    super(detail);
    this.status = status;
    this.errorType = errorType;
    this.retryAfter = retryAfter;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "BadRequest", detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "NotFound", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail);
  }

  public static ApiException unavailable(String detail, Duration retryAfter) {
    return new ApiException(503, "ServiceUnavailable", detail, retryAfter);
  }

  public int status() {
    return status;
  }

  public String errorType() {
    return errorType;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public A1111Error body() {
    return A1111Error.of(errorType, getMessage());
  }
}
