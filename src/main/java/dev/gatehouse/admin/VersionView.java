package dev.gatehouse.admin;

import java.time.Instant;

/**
 * One version of a policy or provider as the admin API shows it
 * (docs/api.md#versions-and-rollback).
 *
 * @param operation {@code create}, {@code update}, {@code rollback} or {@code delete}
 * @param changedBy the admin user name of the request that wrote it
 * @param contentJson the item's content as JSON text; null in a list
 */
public record VersionView(
    long version, String operation, String changedBy, Instant changedAt, String contentJson) {}
