package dev.gatehouse.client;

import java.util.List;

/**
 * Gatehouse refused the request itself (docs/client.md#errors): 400 {@code validation_failed} with
 * its {@link #errors()}, 404 {@code not_found} (no such workspace), or another 4xx problem of
 * docs/api.md#errors.
 */
public class CheckRefusedException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public CheckRefusedException(int status, String code, String detail, List<FieldError> errors) {
    super(status, code, detail, null);
    this.errors = List.copyOf(errors);
  }

  /** The {@code errors} of a {@code validation_failed} problem; empty otherwise. */
  public List<FieldError> errors() {
    return errors;
  }
}
