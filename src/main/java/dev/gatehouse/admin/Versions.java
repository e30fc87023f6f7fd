package dev.gatehouse.admin;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.ValidationException;

/** Optimistic concurrency: an update names the version it read, in the body or If-Match. */
final class Versions {
  private Versions() {}

  /**
   * The version the caller expects, from {@code If-Match} (a plain or quoted number, weak or not)
   * or else the body's {@code version}; null when neither is given.
   */
  static Long expected(String ifMatch, Long bodyVersion) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return bodyVersion;
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      long v = Long.parseLong(tag);
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      if (bodyVersion != null && bodyVersion != v) {
        throw new ValidationException(
            "/version", "disagrees with the If-Match header (" + v + " vs " + bodyVersion + ")");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ValidationException("", "If-Match must be an entity tag such as \"3\"");
    }
  }

  /** Fails with 409 when the caller read an older (or other) version than the stored one. */
  static void check(String what, Long expected, long current) {
    if (expected != null && expected != current) {
      throw new ConflictException(
          what
              + " was changed by someone else: you sent version "
              + expected
              + ", the current version is "
              + current
              + "; read it again and retry");
    }
  }
}
