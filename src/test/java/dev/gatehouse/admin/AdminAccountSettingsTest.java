package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GATEHOUSE_ADMIN_USER / _PASSWORD and the sign-in keys, read once into one record. */
class AdminAccountSettingsTest {

  @Test
  void defaultsToUserAdminWithNoPasswordAndTheDefaultSignInLimits() {
    AdminAccountSettings s = AdminAccountSettings.from(MapConfig.of());

    assertThat(s.user()).isEqualTo("admin");
    assertThat(s.password()).isEmpty();
    assertThat(s.passwordTooShort()).isFalse();
    assertThat(s.signIn()).isEqualTo(SignInSettings.defaults());
  }

  @Test
  void readsUserPasswordAndSignInKeys() {
    AdminAccountSettings s =
        AdminAccountSettings.from(
            MapConfig.of(
                "GATEHOUSE_ADMIN_USER", "ops",
                "GATEHOUSE_ADMIN_PASSWORD", "correct horse battery",
                "gatehouse.admin.sign-in.log-interval", "5"));

    assertThat(s.user()).isEqualTo("ops");
    assertThat(s.password()).contains("correct horse battery");
    assertThat(s.signIn().logInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aPasswordIsTooShortBelowTwelveCodePoints() {
    SignInSettings d = SignInSettings.defaults();
    assertThat(new AdminAccountSettings("admin", Optional.of("elevenchars"), d).passwordTooShort())
        .isTrue();
    assertThat(new AdminAccountSettings("admin", Optional.of("twelve chars"), d).passwordTooShort())
        .isFalse();
    // eleven emoji are 22 UTF-16 chars but 11 characters: still too short
    assertThat(
            new AdminAccountSettings("admin", Optional.of("\uD83D\uDD11".repeat(11)), d)
                .passwordTooShort())
        .isTrue();
  }

  @Test
  void anEmptyPasswordCountsAsUnset() {
    AdminAccountSettings s =
        new AdminAccountSettings("admin", Optional.of(""), SignInSettings.defaults());

    assertThat(s.password()).isEmpty();
    assertThat(s.passwordTooShort()).isFalse();
  }

  @Test
  void neverShowsThePasswordInItsText() {
    AdminAccountSettings s =
        new AdminAccountSettings(
            "admin", Optional.of("s3cret-s3cret-s3cret"), SignInSettings.defaults());

    assertThat(s.toString()).doesNotContain("s3cret").contains("user=admin");
  }
}
