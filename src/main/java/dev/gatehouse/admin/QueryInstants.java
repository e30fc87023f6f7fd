package dev.gatehouse.admin;

import dev.gatehouse.error.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The {@code from} and {@code to} query parameters of the audit log, the change log and an impact
 * analysis (docs/api.md#the-audit-log): ISO-8601 timestamps with an offset, in years 1 to 9999
 * (what a database timestamp holds).
 */
final class QueryInstants {
  /** The first instant a {@code from} or {@code to} may name. */
  static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

  /** The first instant past the last one a {@code from} or {@code to} may name. */
  static final Instant PAST_LAST = Instant.parse("+10000-01-01T00:00:00Z");

  private QueryInstants() {}

  /**
   * The instant query parameter {@code name} names, any year (the audit log and an impact analysis
   * clamp a range to what is stored), null when it is absent or empty; a value that is not one adds
   * an error (pointer {@code ""}) and is null.
   */
  static Instant parse(String name, String value, List<FieldError> errors) {
    return parse(name, value, errors, false);
  }

  /**
   * As {@link #parse}, in years 1 to 9999 only: what the change log compares with its stored
   * timestamps (docs/api.md#change-log).
   */
  static Instant parseStorable(String name, String value, List<FieldError> errors) {
    return parse(name, value, errors, true);
  }

  private static Instant parse(
      String name, String value, List<FieldError> errors, boolean storable) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      if (value.length() <= 64) {
        // A '+' of an offset sent unencoded arrives as a space.
        Instant i = OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        if (!storable || (!i.isBefore(FIRST) && i.isBefore(PAST_LAST))) {
          return i;
        }
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    errors.add(
        new FieldError(
            "",
            "query parameter '"
                + name
                + "' must be an ISO-8601 timestamp such as 2026-11-23T10:00:00Z"
                + (storable ? " (years 1 to 9999)" : "")));
    return null;
  }
}
