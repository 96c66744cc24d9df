package io.sdnest.inference.engine;

/** Bad input to the engine: names the request field at fault and says what is wrong or allowed. */
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
