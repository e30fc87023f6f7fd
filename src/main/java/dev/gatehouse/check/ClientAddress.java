package dev.gatehouse.check;

import dev.gatehouse.policy.Cidr;
import java.util.List;

/**
 * The end user's address when the caller does not say: the connection's peer, or, when that peer is
 * a trusted proxy ({@code gatehouse.trusted-proxies}), the right-most address of {@code
 * X-Forwarded-For} that is not itself a trusted proxy. The configured proxies are read once, at
 * start, into {@link ClientAddressSettings}, which every caller injects.
 */
public final class ClientAddress {
  private ClientAddress() {}

  /** Every X-Forwarded-For line, in order, as one list (a proxy may add a line of its own). */
  public static String forwardedFor(java.util.Enumeration<String> headerLines) {
    if (headerLines == null || !headerLines.hasMoreElements()) {
      return null;
    }
    return String.join(",", java.util.Collections.list(headerLines));
  }

  /**
   * The CIDRs of {@code gatehouse.trusted-proxies} (comma-separated); an entry that is not a CIDR
   * is left out and handed to {@code onBad}.
   */
  public static List<Cidr> trustedProxies(String csv, java.util.function.Consumer<String> onBad) {
    List<Cidr> out = new java.util.ArrayList<>();
    for (String s : (csv == null ? "" : csv).split(",")) {
      if (!s.isBlank()) {
        try {
          out.add(Cidr.parse(s.trim()));
        } catch (IllegalArgumentException e) {
          onBad.accept(s.trim());
        }
      }
    }
    return List.copyOf(out);
  }

  public static String resolve(String peer, String forwardedFor, List<Cidr> trustedProxies) {
    if (peer == null
        || forwardedFor == null
        || forwardedFor.isBlank()
        || !trusted(peer, trustedProxies)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (Cidr.parseAddress(hop) == null) {
        return peer; // a hop we cannot read: believe nothing further left
      }
      if (!trusted(hop, trustedProxies)) {
        return hop;
      }
    }
    return peer;
  }

  private static boolean trusted(String address, List<Cidr> proxies) {
    byte[] a = Cidr.parseAddress(address);
    if (a == null) {
      return false;
    }
    for (Cidr c : proxies) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }
}
