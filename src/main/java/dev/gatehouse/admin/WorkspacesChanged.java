package dev.gatehouse.admin;

/** A workspace was renamed or deleted (observed after commit): name lookups must forget it. */
public record WorkspacesChanged(String workspaceId) {}
