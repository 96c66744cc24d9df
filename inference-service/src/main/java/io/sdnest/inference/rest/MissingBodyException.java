package io.sdnest.inference.rest;

import java.util.ArrayList;
import java.util.List;

/** A required body or body field is missing; answered as FastAPI does (422, {@code loc ["body", field]}). */
public class MissingBodyException extends RuntimeException {

  private final List<Object> loc;

  /** The body itself is missing. */
  public MissingBodyException() {
    this(null);
  }

  /** {@code field} of the body is missing; null for the body itself. */
  public MissingBodyException(String field) {
    super("field required");
    List<Object> l = new ArrayList<>();
    l.add("body");
    if (field != null) {
      l.add(field);
    }
    this.loc = List.copyOf(l);
  }

  public List<Object> loc() {
    return loc;
  }

  static <T> T require(T body) {
    if (body == null) {
      throw new MissingBodyException();
    }
    return body;
  }
}
