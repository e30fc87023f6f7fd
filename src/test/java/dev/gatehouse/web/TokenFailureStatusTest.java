package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.token.TokenFailure;
import org.junit.jupiter.api.Test;

/**
 * Each kind of token failure gets its own HTTP status at the edge (docs/api.md#errors): a bad token
 * is never confused with an outage of the provider's keys or an oversized token.
 */
class TokenFailureStatusTest {
  @Test
  void aTokenThatCannotBeTrustedIs401() {
    TokenFailure f = TokenFailure.invalid("token_expired", "expired");
    assertThat(f.kind()).isEqualTo(TokenFailure.Kind.REJECTED);
    assertThat(ExceptionMappers.status(f.kind())).isEqualTo(401);
  }

  @Test
  void keysThatCannotBeHadAre503WithARetryAfterOfAtLeastOneSecond() {
    TokenFailure f = TokenFailure.keysUnavailable("no keys yet", 0);
    assertThat(f.kind()).isEqualTo(TokenFailure.Kind.UNAVAILABLE);
    assertThat(f.code()).isEqualTo("jwks_unavailable");
    assertThat(f.retryAfterSeconds()).isEqualTo(1);
    assertThat(ExceptionMappers.status(f.kind())).isEqualTo(503);
  }

  @Test
  void anOversizedTokenIs413() {
    TokenFailure f = TokenFailure.tooLarge("17000 characters");
    assertThat(f.kind()).isEqualTo(TokenFailure.Kind.TOO_LARGE);
    assertThat(f.code()).isEqualTo("payload_too_large");
    assertThat(ExceptionMappers.status(f.kind())).isEqualTo(413);
  }

  @Test
  void everyKindHasAStatusOfItsOwn() {
    assertThat(
            java.util.Arrays.stream(TokenFailure.Kind.values())
                .map(ExceptionMappers::status)
                .distinct())
        .hasSize(TokenFailure.Kind.values().length);
  }
}
