package dev.gatehouse.token;

/**
 * Why a token cannot be trusted: the stable code of docs/api.md#token-codes, the full reason for
 * admins ({@link #detail()}) and the fixed text an anonymous caller is told ({@link
 * #publicDetail()}).
 *
 * <p>A failing token is an authentication error, never a deny; a key-source outage is not the
 * token's fault ({@code jwks_unavailable}); an oversized token is a size error. These are kept
 * apart by {@link #kind()}; the HTTP status of each kind is the web edge's business (401, 503 and
 * 413 in docs/api.md#errors).
 */
public class TokenFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** At most this many characters of a value taken from a token are quoted in a detail. */
  public static final int MAX_QUOTED_CHARS = 100;

  /** What kind of failure this is; the web edge answers each with its own status. */
  public enum Kind {
    /** The token cannot be trusted: one of the token codes (HTTP 401). */
    REJECTED,
    /** The token is over the size limit: {@code payload_too_large} (HTTP 413). */
    TOO_LARGE,
    /**
     * The provider's keys cannot be had, which is not the token's fault: {@code jwks_unavailable}
     * (HTTP 503 with {@code Retry-After}).
     */
    UNAVAILABLE
  }

  private final String code;
  private final Kind kind;
  private final long retryAfterSeconds;

  private TokenFailure(String code, Kind kind, String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.code = code;
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A token that is not trusted ({@link Kind#REJECTED}). */
  public static TokenFailure invalid(String code, String detail) {
    return new TokenFailure(code, Kind.REJECTED, detail, 0);
  }

  /** A token over the size limit ({@link Kind#TOO_LARGE}, {@code payload_too_large}). */
  public static TokenFailure tooLarge(String detail) {
    return new TokenFailure("payload_too_large", Kind.TOO_LARGE, detail, 0);
  }

  /** The provider's keys cannot be had ({@link Kind#UNAVAILABLE}, {@code jwks_unavailable}). */
  public static TokenFailure keysUnavailable(String detail, long retryAfterSeconds) {
    return new TokenFailure(
        "jwks_unavailable", Kind.UNAVAILABLE, detail, Math.max(1, retryAfterSeconds));
  }

  /** The code, e.g. {@code token_expired}. */
  public String code() {
    return code;
  }

  /** Rejected, too large or keys unavailable. */
  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#UNAVAILABLE}: seconds after which a retry may succeed; else 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The full one-line reason, for admins only (tokens/inspect, explain, the server log): it may
   * name the provider, its algorithms and keys, the JWKS URL and quote token values.
   */
  public String detail() {
    return getMessage();
  }

  /** The fixed text every public answer gives for this failure's code (body and header alike). */
  public String publicDetail() {
    return TokenCodes.publicDetail(code);
  }

  /**
   * {@code value} (taken from a token) made fit to quote in a detail and a log line: control,
   * format and line-separator characters (CR, LF, U+200B, …) written as JSON-style backslash-u
   * escapes, and cut after {@link #MAX_QUOTED_CHARS} characters with the original length said.
   */
  public static String quote(String value) {
    return printable(value, MAX_QUOTED_CHARS);
  }

  /**
   * {@code value} with control, format and line-separator characters written as JSON-style
   * backslash-u escapes, cut after {@code max} characters: what a log line may carry of a hostile
   * text.
   */
  public static String printable(String value, int max) {
    if (value == null) {
      return "null";
    }
    int end = Math.min(value.length(), max);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never cut a pair in two
    }
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (unsafe(value, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < value.length()) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }
}
