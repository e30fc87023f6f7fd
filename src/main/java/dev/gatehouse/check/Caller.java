package dev.gatehouse.check;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who called, as the decision path is told (docs/api.md#the-callers-address): the connection's
 * peer, every {@code X-Forwarded-For} line (believed only from a trusted proxy, see {@link
 * ClientAddress}) and the {@code Authorization} header. {@link #of} is the one way to build it,
 * used alike by the check API, explain and {@code @ExternalAuthorize}.
 *
 * @param peerAddress the connection's peer address; null without a request
 * @param forwardedFor the {@code X-Forwarded-For} lines joined by commas; null when there are none
 * @param authorizationHeader the {@code Authorization} header, as sent; null when absent
 */
public record Caller(String peerAddress, String forwardedFor, String authorizationHeader) {
  /** No request at all (an interceptor outside HTTP): no address, no header. */
  public static final Caller NONE = new Caller(null, null, null);

  /** The caller of {@code http}; {@link #NONE} when there is no request. */
  public static Caller of(HttpServletRequest http) {
    if (http == null) {
      return NONE;
    }
    return new Caller(
        http.getRemoteAddr(),
        ClientAddress.forwardedFor(http.getHeaders("X-Forwarded-For")),
        http.getHeader("Authorization"));
  }

  /**
   * This caller without its {@code Authorization} header: for explain, whose header is the admin's
   * own credentials and whose token comes from the body only.
   */
  public Caller withoutAuthorization() {
    return new Caller(peerAddress, forwardedFor, null);
  }
}
