package dev.gatehouse.check;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one way to tell the decision path who called (docs/api.md#the-callers-address): the
 * connection's peer, every {@code X-Forwarded-For} line (believed only from a trusted proxy, see
 * {@link ClientAddress}) and the {@code Authorization} header. Used alike by the check API, explain
 * and {@code @ExternalAuthorize}.
 */
public final class Callers {
  /** No request at all (an interceptor outside HTTP): no address, no header. */
  public static final CheckService.Caller NONE = new CheckService.Caller(null, null, null);

  private Callers() {}

  /** The caller of {@code http}; {@link #NONE} when there is no request. */
  public static CheckService.Caller of(HttpServletRequest http) {
    if (http == null) {
      return NONE;
    }
    return new CheckService.Caller(
        http.getRemoteAddr(),
        ClientAddress.forwardedFor(http.getHeaders("X-Forwarded-For")),
        http.getHeader("Authorization"));
  }
}
