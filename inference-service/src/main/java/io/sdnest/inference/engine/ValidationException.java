package io.sdnest.inference.engine;

/** A request value the engine cannot use; names the offending field and, in the message, what is allowed. */
public class ValidationException extends RuntimeException {

  private final String field;

  public ValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
