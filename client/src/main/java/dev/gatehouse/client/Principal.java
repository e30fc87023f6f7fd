package dev.gatehouse.client;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Who the token says the caller is, as Gatehouse verified it (docs/api.md#the-verified-principal).
 *
 * @param subject the token's {@code sub}
 * @param issuer the token's {@code iss}
 * @param providerId the id of the provider that vouched for the token
 * @param expiresAt the token's {@code exp}
 * @param claims the verified claims
 * @param attributes the token's attributes ({@code ext_*}, {@code external_subject}, …) as plain
 *     Java (Map, List, String, BigDecimal, Boolean, null)
 */
public record Principal(
    String subject,
    String issuer,
    String providerId,
    Instant expiresAt,
    JsonObject claims,
    Map<String, Object> attributes) {}
