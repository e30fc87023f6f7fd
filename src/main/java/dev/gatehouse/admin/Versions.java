package dev.gatehouse.admin;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

  /**
   * The {@code version} a rollback's optional body names ({@code {"version": 3}}), or null for no
   * body (docs/api.md#versions-and-rollback).
   */
  static Long rollbackBody(Object body) {
    if (body == null) {
      return null;
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(Set.of("version"));
    Long v = f.optionalLong("version");
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return v;
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
