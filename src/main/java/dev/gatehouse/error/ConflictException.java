package dev.gatehouse.error;

/** A write clashes with stored state: stale version, duplicate name or issuer (409). */
public class ConflictException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String detail) {
    super(409, "conflict", detail);
  }
}
