package io.sdnest.inference.service;

import io.sdnest.common.error.A1111Error;
import io.sdnest.common.error.ApiException;
import io.sdnest.inference.engine.ValidationException;

/** What a failed async job reports: the status and A1111 body its synchronous request would have answered with. */
final class JobErrors {

  private JobErrors() {
  }

  static int status(RuntimeException e) {
    if (e instanceof ApiException a) {
      return a.status();
    }
    return e instanceof ValidationException ? 400 : 500;
  }

  static A1111Error body(RuntimeException e) {
    if (e instanceof ApiException a) {
      return a.body();
    }
    if (e instanceof ValidationException) {
      return A1111Error.of("HTTPException", e.getMessage());
    }
    return A1111Error.of(e.getClass().getSimpleName(), "Internal error; see the service log");
  }
}
