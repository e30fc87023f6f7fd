package dev.gatehouse.error;

/** The named workspace, provider, policy or path does not exist (404 {@code not_found}). */
public class NotFoundException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String detail) {
    super(404, "not_found", detail);
  }
}
