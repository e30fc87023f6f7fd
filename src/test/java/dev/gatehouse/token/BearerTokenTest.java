package dev.gatehouse.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one Bearer parser of the check API's Authorization header and {@code @ExternalAuthorize}'s
 * headers (docs/api.md#check, docs/annotations.md).
 */
class BearerTokenTest {
  @Test
  void readsTheTokenAfterTheSchemeInAnyCaseAndTrimmed() {
    assertThat(BearerToken.of("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
    assertThat(BearerToken.of("bearer abc")).isEqualTo("abc");
    assertThat(BearerToken.of("BEARER abc")).isEqualTo("abc");
    assertThat(BearerToken.of("  Bearer    abc  ")).isEqualTo("abc");
  }

  @Test
  void anotherSchemeOrNoTokenIsNoToken() {
    assertThat(BearerToken.of("Basic YWRtaW46eA==")).isNull();
    assertThat(BearerToken.of("Bearer")).isNull();
    assertThat(BearerToken.of("Bearer    ")).isNull();
    assertThat(BearerToken.of("Bearerabc")).isNull();
    assertThat(BearerToken.of("abc.def.ghi")).isNull();
    assertThat(BearerToken.of("")).isNull();
    assertThat(BearerToken.of(null)).isNull();
  }

  @Test
  void aHeaderOfItsOwnMayCarryTheBareToken() {
    assertThat(BearerToken.of("abc.def.ghi", true)).isEqualTo("abc.def.ghi");
    assertThat(BearerToken.of(" Bearer abc ", true)).isEqualTo("abc");
    assertThat(BearerToken.of("   ", true)).isNull();
    assertThat(BearerToken.of(null, true)).isNull();
  }
}
