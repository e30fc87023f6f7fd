package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void ipv4RangeContainsItsAddressesOnly() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");

    assertThat(cidr.contains("10.0.0.1")).isTrue();
    assertThat(cidr.contains("10.255.255.255")).isTrue();
    assertThat(cidr.contains("11.0.0.0")).isFalse();
    assertThat(cidr.contains("9.255.255.255")).isFalse();
  }

  @Test
  void prefixThatIsNotAByteBoundaryComparesTheRightBits() {
    Cidr cidr = Cidr.parse("192.168.4.0/22");

    assertThat(cidr.contains("192.168.7.255")).isTrue();
    assertThat(cidr.contains("192.168.8.0")).isFalse();
    assertThat(cidr.contains("192.168.3.255")).isFalse();
  }

  @Test
  void ipv6RangeContainsItsAddressesOnly() {
    Cidr cidr = Cidr.parse("2001:db8::/32");

    assertThat(cidr.contains("2001:db8::1")).isTrue();
    assertThat(cidr.contains("2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(cidr.contains("2001:db9::")).isFalse();
  }

  @Test
  void familiesDoNotMix() {
    assertThat(Cidr.parse("0.0.0.0/0").contains("::1")).isFalse();
    assertThat(Cidr.parse("::/0").contains("10.0.0.1")).isFalse();
  }

  @Test
  void zeroPrefixMatchesEveryAddressOfItsFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.7")).isTrue();
    assertThat(Cidr.parse("::/0").contains("fe80::1")).isTrue();
  }

  @Test
  void masksHostBits() {
    Cidr cidr = Cidr.parse("10.1.2.3/8");

    assertThat(cidr).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(cidr.toString()).isEqualTo("10.0.0.0/8");
    assertThat(cidr.network()).containsExactly(10, 0, 0, 0);
    assertThat(Cidr.parse("2001:db8:abcd::1/33").toString()).isEqualTo("2001:db8:8000::/33");
  }

  @Test
  void bareAddressIsASingleAddressRange() {
    Cidr ipv4 = Cidr.parse("203.0.113.7");
    Cidr ipv6 = Cidr.parse("::1");

    assertThat(ipv4.prefixLength()).isEqualTo(32);
    assertThat(ipv4.contains("203.0.113.7")).isTrue();
    assertThat(ipv4.contains("203.0.113.8")).isFalse();
    assertThat(ipv6.prefixLength()).isEqualTo(128);
    assertThat(ipv6.contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(ipv6.contains("::2")).isFalse();
  }

  @Test
  void ipv4MappedIpv6AddressMatchesIpv4Range() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");

    assertThat(cidr.contains("::ffff:10.1.2.3")).isTrue();
    assertThat(cidr.contains("::ffff:a01:203")).isTrue();
    assertThat(cidr.contains("::ffff:11.1.2.3")).isFalse();
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 9, 8, 7};
    assertThat(cidr.contains(mapped)).isTrue();
  }

  @Test
  void parseAddressGivesMappedAddressesAsIpv4() {
    assertThat(Cidr.parseAddress("::ffff:1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(Cidr.parseAddress("1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(Cidr.parseAddress("::1")).hasSize(16);
  }

  @Test
  void rangeWrittenInMappedFormIsTheIpv4Range() {
    Cidr cidr = Cidr.parse("::ffff:10.0.0.0/104");

    assertThat(cidr).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(cidr.contains("10.1.1.1")).isTrue();
  }

  @Test
  void acceptsEveryIpv6TextForm() {
    assertThat(Cidr.parseAddress("2001:db8:0:0:0:0:2:1"))
        .isEqualTo(Cidr.parseAddress("2001:db8::2:1"));
    assertThat(Cidr.parseAddress("1:2:3:4:5:6:7::")).isNotNull();
    assertThat(Cidr.parseAddress("::")).hasSize(16).containsOnly(0);
    assertThat(Cidr.parseAddress("64:ff9b::192.0.2.33")).isNotNull();
  }

  @Test
  void formatsIpv6Canonically() {
    assertThat(Cidr.parse("2001:0DB8:0000:0000:0001:0000:0000:0001/128").toString())
        .isEqualTo("2001:db8::1:0:0:1/128");
    assertThat(Cidr.parse("::/0").toString()).isEqualTo("::/0");
    assertThat(Cidr.parse("fe80::/10").toString()).isEqualTo("fe80::/10");
    assertThat(Cidr.parse("2001:db8:0:1:1:1:1:1").toString()).isEqualTo("2001:db8:0:1:1:1:1:1/128");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.300/8",
        "1.2.3/24",
        "::1/129",
        "example.com/8",
        "",
        " 10.0.0.0/8",
        "10.0.0.0/8 ",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/08",
        "10.0.0.0/8/8",
        "010.0.0.0/8",
        "1.2.3.4.5",
        "1..2.3",
        "localhost",
        "fe80::1%eth0",
        "[::1]/128",
        "1::2::3",
        ":1::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::",
        "::ffff:1.2.3",
        "1:2:3:4:5:6:7:1.2.3.4",
        "１.２.３.４"
      })
  void rejectsAnythingButAStrictLiteral(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectionSaysWhatIsWrong() {
    assertThatThrownBy(() -> Cidr.parse("::1/129")).hasMessageContaining("at most 128");
    assertThatThrownBy(() -> Cidr.parse("example.com/8"))
        .hasMessageContaining("'example.com' is not an IPv4 or IPv6 address");
  }

  @Test
  void parseAddressReturnsNullForNonLiterals() {
    assertThat(Cidr.parseAddress(null)).isNull();
    assertThat(Cidr.parseAddress("")).isNull();
    assertThat(Cidr.parseAddress("example.com")).isNull();
    assertThat(Cidr.parseAddress("10.0.0.1/8")).isNull();
    assertThat(Cidr.parse("10.0.0.0/8").contains((byte[]) null)).isFalse();
    assertThat(Cidr.parse("10.0.0.0/8").contains("not an address")).isFalse();
  }

  @Test
  void networkCannotBeChangedFromOutside() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");
    cidr.network()[0] = 11;

    assertThat(cidr.contains("10.0.0.1")).isTrue();
  }
}
