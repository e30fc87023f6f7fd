package dev.gatehouse.client;

import dev.gatehouse.authorize.AuthorizedCall;
import dev.gatehouse.json.JsonValues;
import dev.gatehouse.token.TokenCodes;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The client's JSON: the check API's request bodies, and Gatehouse's answers read strictly
 * (docs/client.md#how-answers-are-read). A 200 whose shape is not the documented one, a problem
 * with an unknown code or a body that is not JSON is {@link Unusable}: the check fails closed.
 */
final class Answers {
  /** An answer Gatehouse does not give: the check cannot be decided. */
  static final class Unusable extends IOException {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  /** The 4xx codes of docs/api.md#errors other than the token codes, by their status. */
  private static final Map<String, Integer> REFUSALS =
      Map.of(
          "validation_failed", 400,
          "forbidden", 403,
          "not_found", 404,
          "method_not_allowed", 405,
          "not_acceptable", 406,
          "conflict", 409,
          "unsupported_media_type", 415,
          "too_many_requests", 429);

  private static final Pattern RETRY_AFTER = Pattern.compile("[0-9]{1,10}");
  private static final int MAX_DEPTH = 128;

  private final JsonProvider json = JsonProvider.provider();

  // ---------------------------------------------------------------- requests

  /**
   * The body of a check (docs/api.md#check), {@code source} {@code client}; {@code context} is
   * {@link #context}'s JSON of the check's context.
   */
  byte[] checkBody(
      String token, Check check, JsonValue context, String ipAddress, boolean includePrincipal) {
    JsonObjectBuilder b = json.createObjectBuilder();
    if (token != null) {
      b.add("token", token);
    }
    addCheck(b, check, context);
    if (ipAddress != null) {
      b.add("ipAddress", ipAddress);
    }
    if (includePrincipal) {
      b.add("include", json.createArrayBuilder().add("principal"));
    }
    b.add("source", "client");
    return bytes(b.build());
  }

  /** The body of a check-batch (docs/api.md#check-batch). */
  byte[] batchBody(String token, List<Check> checks, String ipAddress, boolean includePrincipal) {
    JsonObjectBuilder b = json.createObjectBuilder();
    if (token != null) {
      b.add("token", token);
    }
    JsonArrayBuilder items = json.createArrayBuilder();
    for (Check c : checks) {
      JsonObjectBuilder item = json.createObjectBuilder();
      addCheck(item, c, context(c.context()));
      items.add(item);
    }
    b.add("checks", items);
    if (ipAddress != null) {
      b.add("ipAddress", ipAddress);
    }
    if (includePrincipal) {
      b.add("include", json.createArrayBuilder().add("principal"));
    }
    return bytes(b.build());
  }

  private void addCheck(JsonObjectBuilder b, Check c, JsonValue context) {
    if (c.resource() == null) {
      b.addNull("resource");
    } else {
      b.add("resource", c.resource());
    }
    if (c.action() == null) {
      b.addNull("action");
    } else {
      b.add("action", c.action());
    }
    b.add("context", context);
  }

  /** A check's context as JSON: numbers stay numbers; other objects go through JSON-B. */
  JsonValue context(Map<String, ?> context) {
    return toJson(context, 0);
  }

  /**
   * {@link #context}'s JSON written with every object's members sorted, so that equal contexts give
   * equal text: the decision cache's key (numbers are kept as written: 1 and 1.0 differ).
   */
  String canonical(JsonValue context) {
    return sorted(context).toString();
  }

  private JsonValue sorted(JsonValue v) {
    if (v instanceof JsonObject o) {
      JsonObjectBuilder b = json.createObjectBuilder();
      new TreeMap<>(o).forEach((k, item) -> b.add(k, sorted(item)));
      return b.build();
    }
    if (v instanceof JsonArray a) {
      JsonArrayBuilder b = json.createArrayBuilder();
      a.forEach(item -> b.add(sorted(item)));
      return b.build();
    }
    return v;
  }

  /** A context value as JSON: numbers stay numbers; other objects go through JSON-B. */
  private JsonValue toJson(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("the context nests deeper than " + MAX_DEPTH + " levels");
    }
    if (v == null) {
      return JsonValue.NULL;
    }
    if (v instanceof JsonValue j) {
      return j;
    }
    if (v instanceof String s) {
      return json.createValue(s);
    }
    if (v instanceof Boolean bool) {
      return bool ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return json.createValue(((Number) v).longValue());
    }
    if (v instanceof BigDecimal d) {
      return json.createValue(d);
    }
    if (v instanceof BigInteger i) {
      return json.createValue(i);
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("a context number must be finite, not " + d);
      }
      return json.createValue(new BigDecimal(v.toString()));
    }
    if (v instanceof Number n) {
      return json.createValue(new BigDecimal(n.toString()));
    }
    if (v instanceof Map<?, ?> m) {
      JsonObjectBuilder b = json.createObjectBuilder();
      m.forEach((k, item) -> b.add(String.valueOf(k), toJson(item, depth + 1)));
      return b.build();
    }
    if (v instanceof Collection<?> c) {
      JsonArrayBuilder b = json.createArrayBuilder();
      c.forEach(item -> b.add(toJson(item, depth + 1)));
      return b.build();
    }
    if (v instanceof Object[] array) {
      return toJson(List.of(array), depth);
    }
    if (v instanceof Enum<?> e) {
      return json.createValue(e.name());
    }
    return toJson(AuthorizedCall.toJava(v), depth);
  }

  private byte[] bytes(JsonValue v) {
    return v.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ----------------------------------------------------------------- answers

  /** A 200 check answer: {@code {"data": {allowed, decision, …}}}. */
  Decision decision(byte[] body, boolean principalAsked) throws Unusable {
    JsonObject data = object(read(body), "data");
    return decisionOf(data, "data", principalAsked);
  }

  /** A 200 check-batch answer: {@code {"data": {"results": […], "principal"?}}}. */
  BatchDecision batch(byte[] body, int checks, boolean principalAsked) throws Unusable {
    JsonObject data = object(read(body), "data");
    JsonArray results = array(data, "results", "data");
    if (results.size() != checks) {
      throw new Unusable("data.results has " + results.size() + " items for " + checks + " checks");
    }
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (!(results.get(i) instanceof JsonObject item)) {
        throw new Unusable("data.results[" + i + "] is not an object");
      }
      out.add(decisionOf(item, "data.results[" + i + "]", false));
    }
    return new BatchDecision(out, principalAsked ? principal(data, "data") : null);
  }

  private Decision decisionOf(JsonObject data, String where, boolean principalAsked)
      throws Unusable {
    JsonValue allowed = data.get("allowed");
    JsonValue.ValueType type = allowed == null ? null : allowed.getValueType();
    if (type != JsonValue.ValueType.TRUE && type != JsonValue.ValueType.FALSE) {
      throw new Unusable(where + ".allowed is not a boolean");
    }
    boolean isAllowed = type == JsonValue.ValueType.TRUE;
    String decision = string(data, "decision", where);
    if (!decision.equals(isAllowed ? "Allow" : "Deny")) {
      throw new Unusable(where + ".decision does not match " + where + ".allowed");
    }
    String decisionId = string(data, "decisionId", where);
    if (decisionId.isEmpty()) {
      throw new Unusable(where + ".decisionId is empty");
    }
    return new Decision(
        isAllowed,
        decision,
        decisionId,
        stringOrNull(data, "policy", where),
        stringOrNull(data, "ruleId", where),
        string(data, "reason", where),
        principalAsked ? principal(data, where) : null);
  }

  private Principal principal(JsonObject data, String where) throws Unusable {
    String w = where + ".principal";
    JsonObject p = object(data, "principal", where);
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(string(p, "expiresAt", w));
    } catch (DateTimeParseException e) {
      throw new Unusable(w + ".expiresAt is not an ISO-8601 instant");
    }
    JsonObject attributes = object(p, "attributes", w);
    Map<String, Object> attrs;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) JsonValues.toJava(attributes);
      attrs = m;
    } catch (RuntimeException e) {
      // A number JSON-P will not turn into a BigDecimal (1e9999999999, thousands of digits).
      throw new Unusable(w + ".attributes cannot be read: " + e.getClass().getName());
    }
    return new Principal(
        string(p, "subject", w),
        string(p, "issuer", w),
        string(p, "providerId", w),
        expiresAt,
        object(p, "claims", w),
        Collections.unmodifiableMap(attrs));
  }

  /**
   * A non-2xx answer as the exception it stands for (docs/client.md#errors).
   *
   * @param defaultRetryAfter the Retry-After to use when Gatehouse gives none
   * @throws Unusable when it is no problem Gatehouse documents
   */
  GatehouseException problem(
      int status, byte[] body, Optional<String> retryAfter, int defaultRetryAfter) throws Unusable {
    if (status >= 500 && status != 503) {
      throw new Unusable("Gatehouse answered HTTP " + status);
    }
    JsonObject p = read(body);
    String code = string(p, "code", "the problem");
    if (status == 401 && TokenCodes.isRejection(code)) {
      return new TokenRejectedException(401, code);
    }
    if (status == 413 && code.equals(TokenCodes.TOO_LARGE)) {
      return new TokenRejectedException(413, code);
    }
    if (status == 503 && code.equals(TokenCodes.JWKS_UNAVAILABLE)) {
      return new GatehouseUnavailableException(
          code,
          TokenCodes.publicDetail(code),
          retryAfterSeconds(retryAfter, defaultRetryAfter),
          null);
    }
    Integer expected = REFUSALS.get(code);
    if (expected == null || expected != status) {
      throw new Unusable("Gatehouse answered HTTP " + status + " with an unknown problem code");
    }
    List<FieldError> errors = new ArrayList<>();
    if (p.containsKey("errors")) {
      JsonArray items = array(p, "errors", "the problem");
      for (JsonValue item : items) {
        if (!(item instanceof JsonObject e)) {
          throw new Unusable("the problem's errors hold a value that is not an object");
        }
        errors.add(
            new FieldError(string(e, "pointer", "an error"), string(e, "message", "an error")));
      }
    }
    String detail = p.get("detail") instanceof JsonString s ? s.getString() : code;
    return new CheckRefusedException(status, code, detail, errors);
  }

  /**
   * Gatehouse's {@code Retry-After} when it is whole seconds (bounded to 1–3600), else {@code
   * otherwise}: nothing else of it is believed (an HTTP date, text, a huge number).
   */
  static int retryAfterSeconds(Optional<String> header, int otherwise) {
    String v = header.map(String::trim).orElse("");
    if (!RETRY_AFTER.matcher(v).matches()) {
      return otherwise;
    }
    long seconds = Long.parseLong(v);
    return (int) Math.max(1, Math.min(3600, seconds));
  }

  // ----------------------------------------------------------------- reading

  private JsonObject read(byte[] body) throws Unusable {
    try (JsonReader r = json.createReader(new ByteArrayInputStream(body))) {
      JsonValue v = r.readValue();
      if (v instanceof JsonObject o) {
        return o;
      }
      throw new Unusable("the answer is JSON but not an object");
    } catch (RuntimeException e) {
      // Not JSON (JsonException), or JSON-P refusing a number as it reads it (1e9999999999:
      // NumberFormatException; thousands of digits: Parsson's UnsupportedOperationException).
      throw new Unusable("the answer cannot be read as JSON: " + e.getClass().getName());
    }
  }

  private static JsonObject object(JsonObject o, String name) throws Unusable {
    return object(o, name, "the answer");
  }

  private static JsonObject object(JsonObject o, String name, String where) throws Unusable {
    if (o.get(name) instanceof JsonObject v) {
      return v;
    }
    throw new Unusable(where + "." + name + " is not an object");
  }

  private static JsonArray array(JsonObject o, String name, String where) throws Unusable {
    if (o.get(name) instanceof JsonArray v) {
      return v;
    }
    throw new Unusable(where + "." + name + " is not an array");
  }

  private static String string(JsonObject o, String name, String where) throws Unusable {
    if (o.get(name) instanceof JsonString v) {
      return v.getString();
    }
    throw new Unusable(where + "." + name + " is not a string");
  }

  private static String stringOrNull(JsonObject o, String name, String where) throws Unusable {
    JsonValue v = o.get(name);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v != null && v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    throw new Unusable(where + "." + name + " is neither a string nor null");
  }
}
