package dev.gatehouse.error;

/**
 * A failure Gatehouse reports to the caller with an HTTP status and a stable snake_case code.
 *
 * <p>Thrown inside services; the web layer maps it to RFC 9457 problem+json. It carries no
 * framework types, so engine and services stay free of JAX-RS.
 */
public class GatehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public GatehouseException(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  public GatehouseException(int status, String code, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, e.g. 404. */
  public int status() {
    return status;
  }

  /** The stable code of docs/api.md#errors, e.g. {@code not_found}. */
  public String code() {
    return code;
  }

  /** The human-readable detail. */
  public String detail() {
    return getMessage();
  }
}
