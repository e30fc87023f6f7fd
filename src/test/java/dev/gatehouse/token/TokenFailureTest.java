package dev.gatehouse.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public side of a token failure (docs/security.md#response-headers-and-public-answers): one
 * fixed ASCII text per code, and token values quoted escaped and cut in the admins' detail.
 */
class TokenFailureTest {
  /** Every token code of docs/api.md#token-codes, plus the 413 and the 503. */
  static final Set<String> CODES =
      Set.of(
          "missing_token",
          "malformed_token",
          "unknown_issuer",
          "unsupported_algorithm",
          "invalid_signature",
          "unknown_key",
          "token_expired",
          "token_not_yet_valid",
          "invalid_audience",
          "invalid_authorized_party",
          "missing_required_claim",
          "jwks_unavailable",
          "payload_too_large");

  @Test
  void everyTokenCodeHasAPublicTextOfItsOwn() {
    assertThat(TokenCodes.codes()).containsExactlyInAnyOrderElementsOf(CODES);
    assertThat(CODES.stream().map(TokenCodes::publicDetail).distinct()).hasSize(CODES.size());
  }

  @Test
  void publicTextsArePrintableAsciiWithoutQuoteOrBackslash() {
    for (String code : CODES) {
      String text = TokenCodes.publicDetail(code);
      assertThat(text).as(code).isNotBlank();
      assertThat(text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'))
          .as(code + ": " + text)
          .isTrue();
    }
  }

  @Test
  void publicTextIgnoresTheDetailedReason() {
    TokenFailure f =
        TokenFailure.keysUnavailable(
            "the keys of provider 'Clerk – prod' cannot be fetched: http://10.0.0.7:8443/jwks"
                + " refused the connection",
            17);
    assertThat(f.publicDetail())
        .isEqualTo(TokenCodes.publicDetail("jwks_unavailable"))
        .doesNotContain("Clerk")
        .doesNotContain("http")
        .doesNotContain("10.0.0.7");
    assertThat(f.detail()).contains("Clerk – prod");
  }

  @Test
  void anUnlistedCodeStillGetsAFixedAsciiText() {
    assertThat(TokenFailure.invalid("no_such_code", "iss 'x\r\ny'").publicDetail())
        .isEqualTo("the token cannot be trusted");
  }

  @Test
  void quoteEscapesLineBreaksControlAndInvisibleCharacters() {
    assertThat(TokenFailure.quote("a\r\nb\u0000c\u200bd\u2028e\u007ff"))
        .isEqualTo("a\\u000d\\u000ab\\u0000c\\u200bd\\u2028e\\u007ff");
  }

  @Test
  void quoteKeepsPrintableUnicodeQuotesAndBackslashes() {
    assertThat(TokenFailure.quote("é \"x\" \\ – \uD83D\uDE00"))
        .isEqualTo("é \"x\" \\ – \uD83D\uDE00");
  }

  @Test
  void quoteEscapesALoneSurrogate() {
    assertThat(TokenFailure.quote("a\uD83Db")).isEqualTo("a\\ud83db");
    assertThat(TokenFailure.quote("a\uDE00b")).isEqualTo("a\\ude00b");
  }

  @Test
  void quoteCutsALongValueAndSaysItsLength() {
    String q = TokenFailure.quote("x".repeat(10_240));
    assertThat(q).startsWith("x".repeat(TokenFailure.MAX_QUOTED_CHARS) + "…");
    assertThat(q).endsWith("(10240 characters)");
    assertThat(q.length()).isLessThan(TokenFailure.MAX_QUOTED_CHARS + 30);
  }

  @Test
  void quoteNeverCutsASurrogatePairInTwo() {
    String v = "x".repeat(TokenFailure.MAX_QUOTED_CHARS - 1) + "\uD83D\uDE00" + "tail";
    assertThat(TokenFailure.quote(v))
        .startsWith("x".repeat(TokenFailure.MAX_QUOTED_CHARS - 1) + "…")
        .doesNotContain("\\ud83d");
  }
}
