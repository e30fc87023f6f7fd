package dev.gatehouse.error;

import java.util.Map;

/**
 * The {@code title} of a problem+json answer per HTTP status (docs/api.md#errors): Gatehouse's and
 * the client library's remote {@code @ExternalAuthorize} (which shares this file) say the same.
 */
public final class ProblemTitles {
  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(422, "Unprocessable Content"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(503, "Service Unavailable"));

  private ProblemTitles() {}

  /** The title of {@code status}; {@code Error} for a status without one. */
  public static String of(int status) {
    return TITLES.getOrDefault(status, "Error");
  }
}
