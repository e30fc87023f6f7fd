package dev.gatehouse.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation, parsed from literals only (never a DNS lookup).
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) are treated as the IPv4 addresses they
 * stand for, as {@link java.net.InetAddress} does: they fall in IPv4 ranges, and a range written in
 * mapped form ({@code ::ffff:10.0.0.0/104}) is stored as the IPv4 range it means.
 *
 * @param network the range's first address, 4 or 16 bytes, host bits cleared
 * @param prefixLength how many leading bits are fixed: 0–32 for IPv4, 0–128 for IPv6
 */
public record Cidr(byte[] network, int prefixLength) {

  private static final int MAPPED_PREFIX_BITS = 96;

  public Cidr {
    Objects.requireNonNull(network, "network");
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + network.length);
    }
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
    // Users write 10.1.2.3/8 and mean 10.0.0.0/8; masking also keeps equals() meaningful.
    network = masked(network, prefixLength);
  }

  /** A copy of the range's first address (the array is mutable, the record is not). */
  @Override
  public byte[] network() {
    return network.clone();
  }

  /** Whether this is an IPv4 range. */
  public boolean isIpv4() {
    return network.length == 4;
  }

  /**
   * Parses {@code address/prefix} or a bare address (a single-address range, /32 or /128).
   *
   * <p>Strict: no whitespace, no host names, no zone ids, no brackets, IPv4 parts in plain decimal
   * without leading zeros (which some parsers read as octal).
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a CIDR cannot be empty");
    }
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = parseLiteral(addressText);
    if (address == null) {
      throw new IllegalArgumentException(
          "'" + addressText + "' is not an IPv4 or IPv6 address (host names are not allowed)");
    }
    int maxPrefix = address.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (!isCanonicalNumber(prefixText)) {
        throw new IllegalArgumentException(
            "the prefix length '" + prefixText + "' is not a number from 0 to " + maxPrefix);
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > maxPrefix) {
        throw new IllegalArgumentException(
            "the prefix length "
                + prefix
                + " is too long for an "
                + (address.length == 4 ? "IPv4" : "IPv6")
                + " address (at most "
                + maxPrefix
                + ")");
      }
    }
    if (isIpv4Mapped(address) && prefix >= MAPPED_PREFIX_BITS) {
      return new Cidr(Arrays.copyOfRange(address, 12, 16), prefix - MAPPED_PREFIX_BITS);
    }
    return new Cidr(address, prefix);
  }

  /**
   * Parses an IP address literal: 4 bytes for IPv4 (and for IPv4-mapped IPv6), 16 for IPv6.
   *
   * @return the address, or {@code null} if {@code text} is not a strict address literal
   */
  public static byte[] parseAddress(String text) {
    byte[] address = parseLiteral(text);
    return address != null && isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
  }

  /** Whether {@code address} (4 or 16 bytes, as from {@link #parseAddress}) is in this range. */
  public boolean contains(byte[] address) {
    if (address == null) {
      return false;
    }
    byte[] candidate = isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int restBits = prefixLength % 8;
    if (restBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - restBits)) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & 0xff);
  }

  /** Whether the address literal {@code address} is in this range; false for anything else. */
  public boolean contains(String address) {
    return contains(parseAddress(address));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** The canonical form, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32} (RFC 5952). */
  @Override
  public String toString() {
    return (isIpv4() ? formatIpv4(network) : formatIpv6(network)) + "/" + prefixLength;
  }

  private static byte[] masked(byte[] address, int prefixLength) {
    byte[] result = address.clone();
    for (int i = 0; i < result.length; i++) {
      int bitsKept = Math.max(0, Math.min(8, prefixLength - i * 8));
      result[i] &= (byte) ((0xff << (8 - bitsKept)) & 0xff);
    }
    return result;
  }

  private static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }

  private static boolean isCanonicalNumber(String text) {
    if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The address as written: 16 bytes for any IPv6 form, mapped or not. */
  private static byte[] parseLiteral(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text, 0, text.length());
  }

  /** Parses dotted-quad decimal in {@code text[start, end)}; hand-written to stay strict. */
  private static byte[] parseIpv4(String text, int start, int end) {
    byte[] result = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (digits == 0 || part == 3) {
          return null;
        }
        result[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // a leading zero: octal to some parsers, so ambiguous
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    if (part != 3 || digits == 0) {
      return null;
    }
    result[3] = (byte) value;
    return result;
  }

  /** Parses RFC 4291 text form, with an optional dotted-quad tail; no zone ids or brackets. */
  private static byte[] parseIpv6(String text) {
    int n = text.length();
    int[] groups = new int[8];
    int count = 0;
    int gapAt = -1; // the group index where "::" stands for one or more zero groups
    int i = 0;
    if (text.startsWith("::")) {
      gapAt = 0;
      i = 2;
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (i < n) {
      if (count == 8) {
        return null;
      }
      int start = i;
      while (i < n && isHexDigit(text.charAt(i))) {
        i++;
      }
      if (i < n && text.charAt(i) == '.') {
        if (count > 6) {
          return null;
        }
        byte[] ipv4 = parseIpv4(text, start, n);
        if (ipv4 == null) {
          return null;
        }
        groups[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
        groups[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
        i = n;
        break;
      }
      int length = i - start;
      if (length == 0 || length > 4) {
        return null;
      }
      groups[count++] = Integer.parseInt(text, start, i, 16);
      if (i == n) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && text.charAt(i) == ':') {
        if (gapAt >= 0) {
          return null;
        }
        gapAt = count;
        i++;
      } else if (i == n) {
        return null; // a single trailing colon
      }
    }
    if (gapAt < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] result = new byte[16];
    int zeros = 8 - count;
    for (int g = 0, out = 0; g < count; g++, out++) {
      if (g == gapAt) {
        out += zeros;
      }
      result[out * 2] = (byte) (groups[g] >> 8);
      result[out * 2 + 1] = (byte) groups[g];
    }
    return result;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String formatIpv4(byte[] address) {
    return (address[0] & 0xff)
        + "."
        + (address[1] & 0xff)
        + "."
        + (address[2] & 0xff)
        + "."
        + (address[3] & 0xff);
  }

  private static String formatIpv6(byte[] address) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((address[g * 2] & 0xff) << 8) | (address[g * 2 + 1] & 0xff);
    }
    // RFC 5952: compress the longest run (the first, on a tie) of two or more zero groups.
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString();
  }
}
