package dev.gatehouse.catalog;

/**
 * An admin asked for a provider's keys to be fetched again (it rotated them); fired inside a
 * transaction so that every node sharing the database refetches too.
 */
public record KeysRefreshed(String workspaceId, String providerId) {}
