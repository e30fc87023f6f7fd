package dev.gatehouse.catalog;

/** A workspace and everything it held were deleted (observed after commit). */
public record WorkspaceRemoved(String workspaceId) {}
