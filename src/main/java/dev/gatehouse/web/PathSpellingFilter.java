package dev.gatehouse.web;

import jakarta.json.JsonObject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, before anything else of Gatehouse sees the request, a request path whose spelling two
 * parsers could read differently: an encoded {@code /}, {@code \}, {@code .}, {@code ;} or {@code
 * %} or an encoded control character, a {@code ;} parameter, a {@code \}, an empty segment ({@code
 * //}) or a {@code .} or {@code ..} segment. 400 {@code validation_failed}: such a path never
 * reaches a filter that guards a path (the admin API's, the demo's), so none of them can be walked
 * around (docs/security.md "Outbound fetches, the demo, paths and cross-site requests").
 */
@WebFilter(urlPatterns = "/*")
public class PathSpellingFilter implements Filter {
  static final String DETAIL =
      "the request path is spelled ambiguously (an encoded '/', '\\', '.', ';' or '%', a ';'"
          + " parameter, '//' or a '.' or '..' segment)";

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest http
        && res instanceof HttpServletResponse out
        && isAmbiguous(http.getRequestURI())) {
      JsonObject body =
          (JsonObject) Problems.problem(400, "validation_failed", DETAIL).build().getEntity();
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      out.setStatus(400);
      out.setContentType(Problems.MEDIA_TYPE);
      out.setContentLength(bytes.length);
      out.getOutputStream().write(bytes);
      return;
    }
    chain.doFilter(req, res);
  }

  /**
   * True when {@code rawPath} (the request target's path, not decoded, without the query) has a
   * spelling that could name one path to one parser and another to the next.
   */
  static boolean isAmbiguous(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return false;
    }
    if (rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0 || rawPath.contains("//")) {
      return true;
    }
    // Scans without copies (no lower-casing, split or substring): every request passes here
    // (bench/results/profile-2026-12-06.md).
    for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
      if (i + 2 >= rawPath.length()) {
        return true; // a truncated escape
      }
      int high = Character.digit(rawPath.charAt(i + 1), 16);
      int low = Character.digit(rawPath.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return true;
      }
      int value = high * 16 + low;
      if (value < 0x20 || value == 0x7f || "/\\.;%".indexOf(value) >= 0) {
        return true;
      }
    }
    for (int start = 0; ; ) { // each segment between slashes, the empty first one included
      int end = rawPath.indexOf('/', start);
      if (end < 0) {
        end = rawPath.length();
      }
      int length = end - start;
      if ((length == 1 || length == 2)
          && rawPath.charAt(start) == '.'
          && rawPath.charAt(end - 1) == '.') {
        return true; // a "." or ".." segment
      }
      if (end == rawPath.length()) {
        return false;
      }
      start = end + 1;
    }
  }
}
