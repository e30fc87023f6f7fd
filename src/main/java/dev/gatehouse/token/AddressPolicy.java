package dev.gatehouse.token;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a JWKS URL that a discovery document names may lead to (docs/security.md
 * "Outbound fetches, the demo, paths and cross-site requests"): a public address always; a
 * loopback, private or link-local one only when the issuer's own host has an address of the same
 * scope (an internal IdP); an unspecified, multicast, broadcast or reserved one never. Pure: it
 * judges addresses already resolved and never looks anything up.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** Where an address leads. */
  public enum Scope {
    /** Routable on the internet. */
    PUBLIC,
    /** 127.0.0.0/8, ::1: this machine. */
    LOOPBACK,
    /**
     * 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), 198.18/15 (benchmarking),
     * fc00::/7 (unique-local), fec0::/10 (old site-local): an internal network.
     */
    PRIVATE,
    /** 169.254/16 (cloud metadata services live here), fe80::/10. */
    LINK_LOCAL,
    /** 0.0.0.0/8, ::, 192.0.0.0/24, multicast, 240/4 and broadcast: never fetched. */
    NEVER
  }

  /**
   * The scope of {@code address}; IPv4 inside IPv6 (mapped, compatible, NAT64) is judged as IPv4.
   */
  public static Scope scopeOf(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      byte[] embedded = embeddedIpv4(b);
      if (embedded != null) {
        return scopeOf4(embedded);
      }
      return scopeOf6(v6, b);
    }
    return scopeOf4(address.getAddress());
  }

  private static Scope scopeOf4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 127) {
      return Scope.LOOPBACK;
    }
    if (a0 == 10
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 168)
        || (a0 == 100 && a1 >= 64 && a1 <= 127)
        || (a0 == 198 && (a1 == 18 || a1 == 19))) {
      return Scope.PRIVATE;
    }
    if (a0 == 169 && a1 == 254) {
      return Scope.LINK_LOCAL;
    }
    if (a0 == 0 || a0 >= 224 || (a0 == 192 && a1 == 0 && a2 == 0)) {
      return Scope.NEVER;
    }
    return Scope.PUBLIC;
  }

  private static Scope scopeOf6(Inet6Address v6, byte[] b) {
    if (v6.isLoopbackAddress()) {
      return Scope.LOOPBACK;
    }
    if (v6.isAnyLocalAddress() || v6.isMulticastAddress()) {
      return Scope.NEVER;
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if ((b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0xc0)) {
      return Scope.PRIVATE;
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Scope.LINK_LOCAL;
    }
    return Scope.PUBLIC;
  }

  /**
   * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64
   * (64:ff9b::a.b.c.d) IPv6 address, else null. :: and ::1 are not IPv4-compatible.
   */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    boolean nat64 =
        b[0] == 0
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
    return mapped || compatible || nat64 ? Arrays.copyOfRange(b, 12, 16) : null;
  }

  /**
   * Why a discovered JWKS host with these addresses may not be fetched for an issuer whose host has
   * {@code issuerAddresses}, or null when every one of them may be.
   */
  public static String refusal(List<InetAddress> issuerAddresses, List<InetAddress> jwksAddresses) {
    if (jwksAddresses.isEmpty()) {
      return "its host has no address";
    }
    for (InetAddress a : jwksAddresses) {
      Scope s = scopeOf(a);
      if (s == Scope.PUBLIC) {
        continue;
      }
      String where = a.getHostAddress() + " (" + s.name().toLowerCase(java.util.Locale.ROOT) + ")";
      if (s == Scope.NEVER) {
        return "its host resolves to " + where + ", an address Gatehouse never fetches from";
      }
      if (issuerAddresses.stream().noneMatch(i -> scopeOf(i) == s)) {
        return "its host resolves to "
            + where
            + ", and the issuer's own host is not on such an address (a discovery document"
            + " may not aim Gatehouse at internal services)";
      }
    }
    return null;
  }

  /** Parses an IP literal (no name lookup), for tests and callers that hold literals. */
  public static InetAddress literal(String ip) {
    String s = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("not an IP literal: " + ip);
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
  }
}
