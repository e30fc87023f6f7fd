package dev.gatehouse.web;

import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonText;
import dev.gatehouse.token.VerifiedToken;
import java.util.Collection;
import java.util.Map;

/**
 * The verified principal a check answers when asked ({@code "include":["principal"]},
 * docs/api.md#check): who the token says the caller is, as Gatehouse verified it, for a remote
 * {@code @ExternalAuthorize} to build its {@code ExternalPrincipal} from.
 *
 * <p>Every string in it comes from the token (or from what the claim mappings made of it), so it is
 * hostile text: it is written only into the JSON body, escaped as RFC 8259 asks, and a surrogate
 * that is not half of a pair (JSON lets a token spell one as a backslash-u escape) is written as
 * such an escape, so that the client reads back the very string the token holds instead of the
 * {@code ?} a UTF-8 encoder would put in its place (docs/security.md, "Response headers and public
 * answers").
 */
final class PrincipalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PrincipalJson() {}

  /**
   * Appends {@code {subject, issuer, providerId, expiresAt, claims, attributes}}: {@code claims} is
   * the verified payload, every member as signed; {@code attributes} the token's own attributes
   * ({@code ext_*}, {@code is_external_principal}, {@code external_issuer}, {@code
   * external_subject}), the map {@code ExternalPrincipal.attributes()} gives, without the per-check
   * ones ({@code resource}, {@code current_time}, {@code ip_address}, …).
   */
  static void write(VerifiedToken token, StringBuilder out) {
    out.append("{\"subject\":");
    value(token.subject(), out);
    out.append(",\"issuer\":");
    value(token.provider().issuer(), out);
    out.append(",\"providerId\":");
    value(token.provider().id(), out);
    out.append(",\"expiresAt\":");
    value(token.expiresAt() == null ? null : token.expiresAt().toString(), out);
    out.append(",\"claims\":");
    value(Json.toJava(token.claims()), out);
    out.append(",\"attributes\":");
    value(token.attributes(), out);
    out.append('}');
  }

  /** A JSON-as-Java value ({@link Json#toJava}'s kinds) as JSON text. */
  static void value(Object v, StringBuilder out) {
    if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        value(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof Collection<?> c) {
      out.append('[');
      boolean first = true;
      for (Object item : c) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(item, out);
      }
      out.append(']');
    } else {
      // null, booleans and numbers: no text of the token's in them.
      JsonText.write(v, out);
    }
  }

  /** {@link JsonText#string}, with every unpaired surrogate written as a backslash-u escape. */
  static void string(String s, StringBuilder out) {
    if (pairedSurrogatesOnly(s)) {
      JsonText.string(s, out);
      return;
    }
    out.append('"');
    StringBuilder piece = new StringBuilder();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        piece.setLength(0);
        JsonText.string(s.substring(start, i), piece);
        out.append(piece, 1, piece.length() - 1);
        escape(c, out);
        start = i + 1;
      }
    }
    piece.setLength(0);
    JsonText.string(s.substring(start), piece);
    out.append(piece, 1, piece.length() - 1).append('"');
  }

  private static void escape(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  private static boolean pairedSurrogatesOnly(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
