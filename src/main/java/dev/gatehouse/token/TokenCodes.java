package dev.gatehouse.token;

import java.util.Map;
import java.util.Set;

/**
 * The token codes of docs/api.md#token-codes with the fixed text a public answer gives for each
 * (docs/security.md#response-headers-and-public-answers): printable ASCII without {@code "} or
 * {@code \}, so also a valid RFC 6750 {@code error_description}. It names nothing of the inside: no
 * provider, algorithm, key, issuer, URL or fetch error. Gatehouse answers with it, and the client
 * library recognises Gatehouse's answers by it.
 */
public final class TokenCodes {
  /** Gatehouse's 503 when a provider's keys cannot be had. */
  public static final String JWKS_UNAVAILABLE = "jwks_unavailable";

  /** Gatehouse's 413 for a token over the size limit. */
  public static final String TOO_LARGE = "payload_too_large";

  private static final Map<String, String> PUBLIC_DETAILS =
      Map.ofEntries(
          Map.entry("missing_token", "no token was given"),
          Map.entry("malformed_token", "the token is not a well-formed signed JWT"),
          Map.entry("unknown_issuer", "the token's issuer is not registered in this workspace"),
          Map.entry("unsupported_algorithm", "the token's signing algorithm is not accepted"),
          Map.entry("invalid_signature", "the token's signature does not verify"),
          Map.entry("unknown_key", "the token's signing key is not known"),
          Map.entry("token_expired", "the token has expired"),
          Map.entry("token_not_yet_valid", "the token is not valid yet"),
          Map.entry("invalid_audience", "the token is not meant for this audience"),
          Map.entry("invalid_authorized_party", "the token's authorized party is not accepted"),
          Map.entry("missing_required_claim", "the token lacks a required claim"),
          Map.entry(
              JWKS_UNAVAILABLE,
              "the keys to verify the token cannot be had at the moment; retry later"),
          Map.entry(TOO_LARGE, "the token is too large"));

  /** Said for a code missing from the table (a bug): still fixed, still ASCII. */
  private static final String FALLBACK_PUBLIC_DETAIL = "the token cannot be trusted";

  private TokenCodes() {}

  /** The fixed public text for {@code code}. */
  public static String publicDetail(String code) {
    return PUBLIC_DETAILS.getOrDefault(code, FALLBACK_PUBLIC_DETAIL);
  }

  /** Every code with a public text. */
  public static Set<String> codes() {
    return PUBLIC_DETAILS.keySet();
  }

  /** Whether {@code code} is one of the codes (null is not). */
  public static boolean isKnown(String code) {
    return code != null && PUBLIC_DETAILS.containsKey(code);
  }

  /**
   * Whether {@code code} is a 401 code: the token cannot be trusted (neither the size nor the keys'
   * availability).
   */
  public static boolean isRejection(String code) {
    return isKnown(code) && !code.equals(JWKS_UNAVAILABLE) && !code.equals(TOO_LARGE);
  }
}
