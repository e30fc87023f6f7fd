package dev.gatehouse.client;

import java.util.Map;

/**
 * One question for Gatehouse: may the token's holder do {@code action} on {@code resource}, given
 * {@code context} (docs/client.md#the-programmatic-client).
 *
 * @param resource what is checked, e.g. {@code orders}
 * @param action what is done to it, e.g. {@code approve}
 * @param context what the policies read as {@code request_metadata} (JSON-like values: String,
 *     Number, Boolean, Map, List, JSON-P values, null; other objects through JSON-B); null is
 *     {@code {}}
 */
public record Check(String resource, String action, Map<String, ?> context) {
  public Check {
    context = context == null ? Map.of() : context;
  }
}
