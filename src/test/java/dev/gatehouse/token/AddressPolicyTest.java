package dev.gatehouse.token;

import static dev.gatehouse.token.AddressPolicy.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.token.AddressPolicy.Scope;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which addresses a discovered JWKS URL may lead to (docs/security.md "Outbound fetches, the demo,
 * paths and cross-site requests"). Literal addresses only: nothing here connects or looks up.
 */
class AddressPolicyTest {
  static final List<InetAddress> PUBLIC_ISSUER = addresses("203.0.113.10", "2001:db8::10");
  static final List<InetAddress> LOOPBACK_ISSUER = addresses("127.0.0.1");

  static List<InetAddress> addresses(String... literals) {
    return Arrays.stream(literals).map(AddressPolicy::literal).toList();
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.255.0.9, LOOPBACK",
    "::1, LOOPBACK",
    "::ffff:127.0.0.1, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.254, PRIVATE",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.127.255.1, PRIVATE",
    "198.18.0.1, PRIVATE",
    "fd00::1, PRIVATE",
    "fc00::1, PRIVATE",
    "fec0::1, PRIVATE",
    "::ffff:10.0.0.1, PRIVATE",
    "::10.0.0.1, PRIVATE",
    "64:ff9b::a00:1, PRIVATE",
    "169.254.169.254, LINK_LOCAL",
    "fe80::1, LINK_LOCAL",
    "::ffff:169.254.169.254, LINK_LOCAL",
    "0.0.0.0, NEVER",
    "::, NEVER",
    "224.0.0.1, NEVER",
    "239.255.255.250, NEVER",
    "255.255.255.255, NEVER",
    "240.0.0.1, NEVER",
    "ff02::1, NEVER",
    "8.8.8.8, PUBLIC",
    "172.15.255.255, PUBLIC",
    "172.32.0.1, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.128.0.1, PUBLIC",
    "169.253.0.1, PUBLIC",
    "2606:4700::1111, PUBLIC",
    "203.0.113.10, PUBLIC"
  })
  void judgesEachAddressByWhereItLeads(String address, Scope scope) {
    assertThat(AddressPolicy.scopeOf(literal(address))).isEqualTo(scope);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "::1",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "fd00::1",
        "fe80::1",
        "100.64.0.1",
        "0.0.0.0",
        "::ffff:169.254.169.254"
      })
  void refusesAnInternalJwksHostForAPublicIssuer(String address) {
    assertThat(AddressPolicy.refusal(PUBLIC_ISSUER, addresses(address)))
        .contains("resolves to")
        .contains(literal(address).getHostAddress());
  }

  @Test
  void refusesWhenAnyOneOfTheJwksHostsAddressesIsInternal() {
    assertThat(AddressPolicy.refusal(PUBLIC_ISSUER, addresses("8.8.8.8", "10.0.0.1")))
        .contains("10.0.0.1 (private)");
    assertThat(AddressPolicy.refusal(PUBLIC_ISSUER, addresses("2606:4700::1111", "::1")))
        .contains("loopback");
  }

  @Test
  void acceptsPublicJwksHostsForAnyIssuer() {
    assertThat(AddressPolicy.refusal(PUBLIC_ISSUER, addresses("8.8.8.8", "2606:4700::1111")))
        .isNull();
    assertThat(AddressPolicy.refusal(LOOPBACK_ISSUER, addresses("8.8.8.8"))).isNull();
  }

  @Test
  void anInternalIssuerMayNameAJwksHostOfItsOwnScopeOnly() {
    assertThat(AddressPolicy.refusal(LOOPBACK_ISSUER, addresses("127.0.0.2", "::1"))).isNull();
    assertThat(AddressPolicy.refusal(addresses("10.1.1.1"), addresses("192.168.5.5", "fd00::5")))
        .isNull();
    assertThat(AddressPolicy.refusal(LOOPBACK_ISSUER, addresses("169.254.169.254")))
        .contains("169.254.169.254 (link_local)");
    assertThat(AddressPolicy.refusal(LOOPBACK_ISSUER, addresses("10.0.0.1")))
        .contains("10.0.0.1 (private)");
    assertThat(AddressPolicy.refusal(addresses("10.1.1.1"), addresses("127.0.0.1")))
        .contains("loopback");
    assertThat(AddressPolicy.refusal(addresses("10.1.1.1"), addresses("169.254.169.254")))
        .contains("link_local");
  }

  @Test
  void neverFetchesFromUnspecifiedOrMulticastAddressesWhateverTheIssuer() {
    assertThat(AddressPolicy.refusal(addresses("0.0.0.0"), addresses("0.0.0.0")))
        .contains("never fetches");
    assertThat(AddressPolicy.refusal(addresses("224.0.0.1"), addresses("224.0.0.1")))
        .contains("never fetches");
  }

  @Test
  void aHostWithoutAddressesIsRefused() {
    assertThat(AddressPolicy.refusal(PUBLIC_ISSUER, List.of())).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "10.0.0", "1.2.3.4.5", ""})
  void literalNeverLooksANameUp(String notALiteral) {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> AddressPolicy.literal(notALiteral));
  }
}
