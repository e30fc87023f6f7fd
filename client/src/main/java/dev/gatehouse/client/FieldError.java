package dev.gatehouse.client;

/**
 * One item of a {@code validation_failed} problem's {@code errors} (docs/api.md#errors).
 *
 * @param pointer an RFC 6901 JSON pointer into the request body ({@code /resource})
 * @param message what is wrong there
 */
public record FieldError(String pointer, String message) {}
