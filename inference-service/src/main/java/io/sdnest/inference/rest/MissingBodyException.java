package io.sdnest.inference.rest;

/** A route that needs a JSON body got none; answered as FastAPI does (422, {@code loc ["body"]}). */
public class MissingBodyException extends RuntimeException {

  public MissingBodyException() {
    super("field required");
  }

  static <T> T require(T body) {
    if (body == null) {
      throw new MissingBodyException();
    }
    return body;
  }
}
