package dev.gatehouse.catalog;

import dev.gatehouse.error.NotFoundException;
import java.util.regex.Pattern;

/**
 * The workspace name rule, shared by the admin API that writes names and the check path that looks
 * them up.
 */
public final class WorkspaceNames {
  /** The workspace every installation has; it cannot be renamed or deleted. */
  public static final String DEFAULT = "default";

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");

  private WorkspaceNames() {}

  /**
   * True when {@code name} follows the name rule (1–63 lower-case letters, digits and '-'). Names
   * from a path are checked with this before any lookup: one that cannot exist is a 404 without
   * touching the database (docs/security.md, "The audit log under attack").
   */
  public static boolean isPossibleName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The 404 for a workspace that is not there. Names that break the rule are not repeated back
   * (they may be 100,000 characters of anything).
   */
  public static NotFoundException noSuchWorkspace(String name) {
    return new NotFoundException(
        isPossibleName(name)
            ? "no workspace named '" + name + "'"
            : "no workspace has this name (names are 1–63 lower-case letters, digits and '-')");
  }
}
