package dev.gatehouse.token;

import jakarta.json.JsonValue;

/**
 * One claim mapping: the value at {@code jwtPath} (dot-separated) becomes {@code ext_<attribute>}.
 *
 * @param jwtPath e.g. {@code metadata.plan}
 * @param attribute e.g. {@code plan} (exposed as {@code ext_plan})
 * @param required an absent or null claim fails the token ({@code missing_required_claim})
 * @param defaultValue used when the claim is absent or null; null for none
 */
public record ClaimMapping(
    String jwtPath, String attribute, boolean required, JsonValue defaultValue) {}
