package dev.gatehouse.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides which issuer and JWKS URLs Gatehouse accepts: absolute HTTPS, or plain HTTP only for a
 * loopback host or with the development switch {@code gatehouse.dev.allow-http-jwks}.
 */
public final class UrlPolicy {
  private UrlPolicy() {}

  /**
   * Checks one URL.
   *
   * @return null when acceptable, else what is wrong with it, in words
   */
  public static String problem(String url, boolean allowHttp) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL: " + e.getReason();
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) {
      return "must be an absolute URL such as https://issuer.example.com";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getRawAuthority() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry user information";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment";
    }
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http")) {
      if (isLoopback(uri.getHost()) || allowHttp) {
        return null;
      }
      return "must use https (plain http is accepted only for loopback hosts, or with"
          + " gatehouse.dev.allow-http-jwks=true)";
    }
    return "must use https, not " + scheme;
  }

  /** True for localhost, 127.0.0.0/8 and ::1. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    return h.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
  }
}
