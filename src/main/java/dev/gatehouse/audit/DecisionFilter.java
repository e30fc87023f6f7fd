package dev.gatehouse.audit;

import java.time.Instant;

/**
 * What to find in the audit log; null members do not filter.
 *
 * @param beforeId keyset paging: only records older (smaller id) than this
 * @param limit at most this many, newest first
 */
public record DecisionFilter(
    String workspaceId,
    String subject,
    String resource,
    String action,
    String decision,
    Instant from,
    Instant to,
    String beforeId,
    int limit) {}
