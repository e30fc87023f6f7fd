package dev.gatehouse.catalog;

/** A workspace was renamed (observed after commit): name lookups must forget its old name. */
public record WorkspaceRenamed(String workspaceId) {}
