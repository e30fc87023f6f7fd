package dev.gatehouse.client;

/**
 * A check that Gatehouse did not decide, with the problem's HTTP {@link #status()}, stable {@link
 * #code()} and {@link #detail()} (docs/client.md#errors). Never carries the token.
 */
public class GatehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String detail;

  public GatehouseException(int status, String code, String detail, Throwable cause) {
    super(code + " (" + status + "): " + detail, cause);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** The HTTP status of the problem (Gatehouse's, or 503 when Gatehouse could not answer). */
  public int status() {
    return status;
  }

  /** The problem's stable snake_case code (docs/api.md#errors). */
  public String code() {
    return code;
  }

  /** The problem's text for a person. */
  public String detail() {
    return detail;
  }
}
