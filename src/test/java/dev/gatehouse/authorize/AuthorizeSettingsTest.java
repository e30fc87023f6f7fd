package dev.gatehouse.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keys of docs/configuration.md#annotated-endpoints, read once into one record. */
class AuthorizeSettingsTest {

  @Test
  void defaultsAreGroupsClaimAuthorizationHeaderAndNoCookie() {
    AuthorizeSettings d = AuthorizeSettings.from(MapConfig.of());

    assertThat(d).isEqualTo(AuthorizeSettings.defaults());
    assertThat(d.groupsClaim()).isEqualTo("groups");
    assertThat(d.tokenHeader()).isEqualTo("Authorization");
    assertThat(d.tokenCookie()).isEmpty();
  }

  @Test
  void readsTheGroupsClaimAndWhereTheTokenIs() {
    AuthorizeSettings s =
        AuthorizeSettings.from(
            MapConfig.of(
                "gatehouse.authorize.groups-claim", "roles",
                "mp.jwt.token.header", "X-Access-Token",
                "mp.jwt.token.cookie", "gh_token"));

    assertThat(s)
        .isEqualTo(new AuthorizeSettings("roles", "X-Access-Token", Optional.of("gh_token")));
  }

  @Test
  void anEmptyValueCountsAsUnset() {
    AuthorizeSettings s =
        AuthorizeSettings.from(
            MapConfig.of(
                "gatehouse.authorize.groups-claim", "",
                "mp.jwt.token.header", "",
                "mp.jwt.token.cookie", ""));

    assertThat(s).isEqualTo(AuthorizeSettings.defaults());
  }

  @Test
  void refusesAnEmptyClaimOrHeaderName() {
    assertThatThrownBy(() -> new AuthorizeSettings("", "Authorization", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthorizeSettings("groups", "", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
