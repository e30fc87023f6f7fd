package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.token.TokenCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 401 challenge carries only RFC 6750 §3's characters (docs/security.md#response-headers-and-
 * public-answers): the builder refuses anything else, whoever calls it.
 */
class BearerChallengeTest {
  @Test
  void everyPublicTextMakesAValidChallenge() {
    for (String code : TokenCodes.codes()) {
      String text = TokenCodes.publicDetail(code);
      assertThat(BearerChallenge.invalidToken(text))
          .isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + text + "\"");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "issuer \u200b",
        "issuer é",
        "Clerk – prod",
        "line\rbreak",
        "line\nbreak",
        "a \"quoted\" word",
        "back\\slash",
        "tab\there",
        "del\u007f",
        ""
      })
  void refusesADescriptionOutsideRfc6750sCharacterSet(String description) {
    assertThrows(IllegalArgumentException.class, () -> BearerChallenge.invalidToken(description));
  }

  @Test
  void refusesNull() {
    assertThrows(IllegalArgumentException.class, () -> BearerChallenge.invalidToken(null));
  }
}
