package dev.gatehouse.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The admin console's files, from the WAR's {@code console/} folder (docs/console.md): only plain
 * names of known types are served, read once and kept in memory with a strong ETag. Names that were
 * asked for but do not exist are not remembered, so no caller can grow the cache.
 */
@ApplicationScoped
public class ConsoleFiles {
  /** One path segment: no leading dot (so no "." or ".." and no hidden file), no '%'. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  /** Longest path taken under console/, in characters. */
  static final int MAX_PATH_CHARS = 256;

  /** Deepest path taken under console/, in segments. */
  static final int MAX_SEGMENTS = 8;

  /** The file types served, by extension, with the Content-Type each is sent with. */
  static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json",
          "woff2", "font/woff2",
          "txt", "text/plain; charset=utf-8");

  /** A file read: its bytes, Content-Type and strong ETag value (quotes included). */
  record File(byte[] bytes, String contentType, String etag) {}

  private final Map<String, File> files = new ConcurrentHashMap<>();

  /**
   * The file at {@code console/<path>} of {@code context}, or empty when {@code path} is not one
   * {@link #isServable} accepts or there is no such file.
   */
  Optional<File> get(ServletContext context, String path) {
    if (!isServable(path)) {
      return Optional.empty();
    }
    File cached = files.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] bytes;
    try (InputStream in = context.getResourceAsStream("/console/" + path)) {
      if (in == null) {
        return Optional.empty();
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read a console file", e);
    }
    File f = new File(bytes, TYPES.get(extension(path)), etag(bytes));
    files.putIfAbsent(path, f);
    return Optional.of(f);
  }

  /**
   * True when {@code path} (as sent, not decoded) is segments of {@code
   * [A-Za-z0-9_-][A-Za-z0-9._-]*} joined by single slashes, no WEB-INF or META-INF among them, at
   * most {@value #MAX_SEGMENTS} deep and {@value #MAX_PATH_CHARS} long, ending in a name with a
   * known extension ({@link #TYPES}).
   */
  static boolean isServable(String path) {
    if (path == null || path.isEmpty() || path.length() > MAX_PATH_CHARS) {
      return false;
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_SEGMENTS) {
      return false;
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches()
          || s.equalsIgnoreCase("WEB-INF")
          || s.equalsIgnoreCase("META-INF")) {
        return false;
      }
    }
    return TYPES.containsKey(extension(path));
  }

  private static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot <= slash + 1 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\""
          + new String(
              Base64.getUrlEncoder().withoutPadding().encode(digest), StandardCharsets.US_ASCII)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
