package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.token.TokenFailure;
import org.junit.jupiter.api.Test;

/**
 * The server log's line for a refused token (docs/security.md#response-headers-and-public-answers):
 * the admins' full reason, but one line whatever the token held.
 */
class RefusedTokenLogTest {
  @Test
  void aLineBreakFromATokenCannotForgeALogLine() {
    String line =
        ExceptionMappers.logLine(
            TokenFailure.invalid(
                "unknown_issuer",
                "the token's issuer 'a\r\n[12/6/26 03:00:00:000 UTC] 0000 Admin signed in' is not"
                    + " registered"));
    assertThat(line)
        .startsWith("Refused a token (unknown_issuer): the token's issuer 'a\\u000d\\u000a[12/6")
        .doesNotContain("\r")
        .doesNotContain("\n");
  }

  @Test
  void aLongReasonIsCut() {
    String line =
        ExceptionMappers.logLine(TokenFailure.invalid("malformed_token", "y".repeat(50_000)));
    assertThat(line.length()).isLessThan(1_100);
    assertThat(line).endsWith("(50000 characters)");
  }

  @Test
  void theLineKeepsTheAdminsDetailNotThePublicText() {
    String line =
        ExceptionMappers.logLine(
            TokenFailure.keysUnavailable(
                "the keys of provider 'Clerk – prod' cannot be fetched: connection refused", 5));
    assertThat(line).contains("Clerk – prod").contains("connection refused");
  }
}
