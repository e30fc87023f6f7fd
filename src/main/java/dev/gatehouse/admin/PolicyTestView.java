package dev.gatehouse.admin;

import java.time.Instant;
import java.util.Map;

/**
 * A stored policy test case as the admin API shows it (docs/api.md#policy-tests).
 *
 * @param content the case's other members as stored (JSON as Java): input, resource, action,
 *     context, ipAddress, expect; or, for a row that cannot be read, empty
 */
public record PolicyTestView(
    String id,
    String name,
    String description,
    Map<String, Object> content,
    Instant createdAt,
    Instant updatedAt,
    long version) {}
