package dev.gatehouse.error;

import java.util.List;

/** A request body or parameter failed validation; every error carries its JSON pointer (400). */
public class ValidationException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(400, "validation_failed", summary(errors));
    this.errors = List.copyOf(errors);
  }

  public ValidationException(String pointer, String message) {
    this(List.of(new FieldError(pointer, message)));
  }

  /** Every error found, in the order found. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.size() == 1) {
      FieldError e = errors.get(0);
      return e.pointer().isEmpty() ? e.message() : e.pointer() + ": " + e.message();
    }
    return errors.size() + " validation errors; see 'errors'";
  }
}
