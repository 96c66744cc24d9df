package io.sdnest.inference.service;

import io.sdnest.common.error.ApiException;
import io.sdnest.inference.worker.Rejection;

/** A refused admission as the client sees it: 503 (queue full, shutting down) or 429 (the user's own limit). */
final class RejectionErrors {

  private RejectionErrors() {
  }

  static ApiException toApi(Rejection r) {
    if (r.reason() == Rejection.Reason.USER_LIMIT) {
      return new ApiException(429, "TooManyRequests", r.getMessage(), r.retryAfter());
    }
    return ApiException.unavailable(r.getMessage(), r.retryAfter());
  }
}
