package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For is believed only from trusted proxies, right to left. */
class ClientAddressTest {
  private static final List<Cidr> PROXIES =
      List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"));

  @Test
  void withoutTrustedProxiesThePeerIsTheClient() {
    assertThat(ClientAddress.resolve("10.1.1.1", "198.51.100.9", List.of())).isEqualTo("10.1.1.1");
  }

  @Test
  void anUntrustedPeerCannotClaimAnotherAddress() {
    assertThat(ClientAddress.resolve("203.0.113.5", "198.51.100.9", PROXIES))
        .isEqualTo("203.0.113.5");
  }

  @Test
  void aTrustedPeerNamesTheRightMostUntrustedHop() {
    assertThat(ClientAddress.resolve("10.0.0.2", "1.1.1.1, 198.51.100.9, 10.0.0.7", PROXIES))
        .isEqualTo("198.51.100.9");
    assertThat(ClientAddress.resolve("::1", "2001:db8::5", PROXIES)).isEqualTo("2001:db8::5");
  }

  @Test
  void anUnreadableHopStopsTheWalk() {
    assertThat(ClientAddress.resolve("10.0.0.2", "198.51.100.9, garbage", PROXIES))
        .isEqualTo("10.0.0.2");
    assertThat(ClientAddress.resolve("10.0.0.2", "10.0.0.3, 10.0.0.4", PROXIES))
        .isEqualTo("10.0.0.2");
  }

  @Test
  void severalForwardedForLinesAreOneList() {
    String joined =
        ClientAddress.forwardedFor(
            java.util.Collections.enumeration(List.of("198.51.100.9", "10.0.0.7")));
    assertThat(joined).isEqualTo("198.51.100.9,10.0.0.7");
    assertThat(ClientAddress.resolve("10.0.0.2", joined, PROXIES)).isEqualTo("198.51.100.9");
    assertThat(ClientAddress.forwardedFor(java.util.Collections.emptyEnumeration())).isNull();
  }

  @Test
  void trustedProxiesAreReadFromACommaSeparatedListAndBadEntriesReported() {
    List<String> bad = new java.util.ArrayList<>();
    List<Cidr> proxies =
        ClientAddress.trustedProxies(" 10.0.0.0/8, ,not-a-cidr,::1/128,", bad::add);

    assertThat(proxies).hasSize(2);
    assertThat(bad).containsExactly("not-a-cidr");
    assertThat(ClientAddress.resolve("10.0.0.2", "198.51.100.9", proxies))
        .isEqualTo("198.51.100.9");
    assertThat(ClientAddress.trustedProxies(null, bad::add)).isEmpty();
  }
}
