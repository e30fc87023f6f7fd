package dev.gatehouse.error;

/** The caller may not do this, e.g. change a provider that comes from configuration (403). */
public class ForbiddenException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String detail) {
    super(403, "forbidden", detail);
  }
}
