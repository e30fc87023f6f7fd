package dev.gatehouse.token;

import dev.gatehouse.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A token split and decoded strictly, before any trust: compact JWS only (three base64url parts, no
 * padding, no whitespace), header and payload each one JSON object with unique member names and
 * nesting no deeper than 32, numbers at most 100 characters (docs/api.md#token-form).
 *
 * @param raw the token as given
 * @param header the decoded protected header
 * @param payload the decoded claims
 * @param signingInput the ASCII bytes of {@code header.payload}
 * @param signature the decoded signature bytes
 */
public record CompactJws(
    String raw, JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature) {

  /**
   * Tokens over 16 KiB (measured on the token string) are refused with 413 (docs/api.md#limits).
   */
  public static final int MAX_TOKEN_CHARS = 16 * 1024;

  /** JSON nesting deeper than this is malformed (docs/api.md#token-form). */
  public static final int MAX_DEPTH = 32;

  /**
   * Splits and decodes {@code token}.
   *
   * @throws TokenFailure {@code payload_too_large} (413) or {@code malformed_token} (401)
   */
  public static CompactJws parse(String token) {
    if (token == null || token.isEmpty()) {
      throw TokenFailure.invalid("missing_token", "no token was given");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw TokenFailure.tooLarge(
          "the token is " + token.length() + " characters long; the limit is " + MAX_TOKEN_CHARS);
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      throw malformed("the token is a JWE (5 parts); only signed compact JWS tokens are accepted");
    }
    if (parts.length != 3) {
      throw malformed("a compact JWS has 3 dot-separated parts; this token has " + parts.length);
    }
    if (parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw malformed(
          "a part of the token is empty (unsigned or detached-payload tokens are refused)");
    }
    JsonObject header = jsonObject(decode(parts[0], "header"), "header");
    JsonObject payload = jsonObject(decode(parts[1], "payload"), "payload");
    byte[] signature = decode(parts[2], "signature");
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new CompactJws(token, header, payload, signingInput, signature);
  }

  private static byte[] decode(String part, String what) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw malformed(
            "the "
                + what
                + " is not strict base64url (character '"
                + printable(c)
                + "' at "
                + i
                + ")");
      }
    }
    if (part.length() % 4 == 1) {
      throw malformed("the " + what + " has an impossible base64url length");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw malformed("the " + what + " is not valid base64url");
    }
    // The decoder ignores unused low bits of the last character; only the canonical spelling is
    // accepted, so one token has exactly one string (no malleable variants).
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
      throw malformed("the " + what + " is not canonical base64url");
    }
    return bytes;
  }

  private static JsonObject jsonObject(byte[] bytes, String what) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed("the " + what + " is not UTF-8");
    }
    JsonValue value;
    try {
      value = Json.parseUntrusted(text);
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw malformed(
          "the "
              + what
              + " is not one JSON object (invalid JSON, a duplicate member name, or a number"
              + " longer than "
              + Json.MAX_NUMBER_CHARS
              + " characters)");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw malformed("the " + what + " is not a JSON object");
    }
    if (depth(value) > MAX_DEPTH) {
      throw malformed("the " + what + " nests JSON deeper than " + MAX_DEPTH + " levels");
    }
    return value.asJsonObject();
  }

  /** Nesting depth: a scalar is 0, an empty or flat object or array is 1. */
  static int depth(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> {
        int max = 0;
        for (JsonValue v : value.asJsonObject().values()) {
          max = Math.max(max, depth(v));
          if (max > MAX_DEPTH) {
            break;
          }
        }
        yield 1 + max;
      }
      case ARRAY -> {
        int max = 0;
        for (JsonValue v : (JsonArray) value) {
          max = Math.max(max, depth(v));
          if (max > MAX_DEPTH) {
            break;
          }
        }
        yield 1 + max;
      }
      default -> 0;
    };
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private static TokenFailure malformed(String detail) {
    return TokenFailure.invalid("malformed_token", detail);
  }
}
