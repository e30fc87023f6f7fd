package dev.gatehouse.token;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token every check of docs/api.md#what-makes-a-token-trusted holds for, with the attributes its
 * claims map to.
 *
 * @param raw the token as given
 * @param provider the provider that vouches for it
 * @param header its protected header
 * @param claims its claims
 * @param attributes what policies read: {@code ext_*} and the external-principal attributes
 * @param mappings how each claim mapping went
 * @param subject {@code sub}
 * @param expiresAt {@code exp}
 */
public record VerifiedToken(
    String raw,
    TrustedProvider provider,
    JsonObject header,
    JsonObject claims,
    Map<String, Object> attributes,
    List<ClaimMapper.Outcome> mappings,
    String subject,
    Instant expiresAt) {}
