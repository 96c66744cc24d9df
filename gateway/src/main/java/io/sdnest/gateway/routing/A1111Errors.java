package io.sdnest.gateway.routing;

import io.sdnest.common.error.A1111Error;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** Answers from the gateway itself, in A1111's error shape. */
public final class A1111Errors {

  public static final String HTTP_EXCEPTION = "HTTPException";

  private A1111Errors() {
  }

  public static Buffer body(String error, String detail) {
    return Json.encodeToBuffer(A1111Error.of(error, detail));
  }

  public static void send(HttpServerResponse response, int status, String error, String detail) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body(error, detail));
  }
}
