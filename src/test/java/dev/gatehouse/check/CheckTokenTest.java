package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the check API finds the token (docs/api.md#check). */
class CheckTokenTest {
  @Test
  void theCheckApiTakesTheBodysTokenFirstThenTheAuthorizationHeaders() {
    Caller caller = new Caller("127.0.0.1", null, "Bearer from-header");
    assertThat(CheckService.tokenOf("from-body", caller)).isEqualTo("from-body");
    assertThat(CheckService.tokenOf(null, caller)).isEqualTo("from-header");
    assertThat(CheckService.tokenOf(null, new Caller(null, null, "Basic x"))).isNull();
    assertThat(CheckService.tokenOf(null, Caller.NONE)).isNull();
    assertThat(CheckService.tokenOf(null, null)).isNull();
  }
}
