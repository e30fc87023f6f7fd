package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.MapConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gatehouse.trusted-proxies, read once for the check API and the admin sign-in alike. */
class ClientAddressSettingsTest {
  private final List<String> problems = new ArrayList<>();

  @Test
  void withoutTheKeyNoProxyIsTrustedAndThePeerIsTheClient() {
    ClientAddressSettings s = ClientAddressSettings.from(MapConfig.of(), problems::add);

    assertThat(s.trustedProxies()).isEmpty();
    assertThat(s.resolve("10.0.0.2", "198.51.100.9")).isEqualTo("10.0.0.2");
    assertThat(problems).isEmpty();
  }

  @Test
  void believesForwardedForFromTheConfiguredProxiesOnly() {
    ClientAddressSettings s =
        ClientAddressSettings.from(
            MapConfig.of("gatehouse.trusted-proxies", "10.0.0.0/8, ::1"), problems::add);

    assertThat(s.trustedProxies()).hasSize(2);
    assertThat(s.resolve("10.0.0.2", "198.51.100.9")).isEqualTo("198.51.100.9");
    assertThat(s.resolve("::1", "2001:db8::5")).isEqualTo("2001:db8::5");
    assertThat(s.resolve("203.0.113.5", "198.51.100.9")).isEqualTo("203.0.113.5");
    assertThat(problems).isEmpty();
  }

  @Test
  void anEntryThatIsNotACidrIsReportedAndIgnored() {
    ClientAddressSettings s =
        ClientAddressSettings.from(
            MapConfig.of("gatehouse.trusted-proxies", "10.0.0.0/8,proxy.internal"), problems::add);

    assertThat(s.trustedProxies()).hasSize(1);
    assertThat(problems)
        .containsExactly(
            "gatehouse.trusted-proxies: 'proxy.internal' is not a CIDR and is ignored");
  }
}
