package dev.gatehouse.store;

/**
 * One row of the change log: what an admin write changed, for the other nodes to reload.
 *
 * @param seq the row's number (assigned at insert; rows may commit out of this order)
 * @param nodeId the node that made the change
 * @param workspaceId the workspace changed, or the one holding what changed
 * @param kind what changed ({@link Kind})
 * @param entityId the policy's or provider's id; the workspace's id for workspace changes
 */
public record Change(long seq, String nodeId, String workspaceId, Kind kind, String entityId) {

  /** What a change affects on every node. */
  public enum Kind {
    /** A policy was created, updated or deleted: recompile it. */
    POLICY("policy"),
    /** A provider (or its claim mappings) was created, updated or deleted: re-read it. */
    PROVIDER("provider"),
    /** Someone asked for a provider's keys to be fetched again (the keys endpoint). */
    KEYS("keys"),
    /** A workspace was renamed: forget its old name. */
    WORKSPACE_RENAMED("workspace"),
    /** A workspace was deleted with everything it held. */
    WORKSPACE_REMOVED("workspace_removed");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The value stored in {@code gh_change.kind}. */
    public String code() {
      return code;
    }

    /** The kind stored as {@code code}, or null for one this version does not know. */
    public static Kind of(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return k;
        }
      }
      return null;
    }
  }
}
