package dev.gatehouse.web;

import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonText;
import dev.gatehouse.token.VerifiedToken;

/**
 * The verified principal a check answers when asked ({@code "include":["principal"]},
 * docs/api.md#check): who the token says the caller is, as Gatehouse verified it, for a remote
 * {@code @ExternalAuthorize} to build its {@code ExternalPrincipal} from.
 *
 * <p>Every string in it comes from the token (or from what the claim mappings made of it), so it is
 * hostile text: it is written only into the JSON body by {@link JsonText}, escaped as RFC 8259
 * asks, a surrogate that is not half of a pair included, so that the client reads back the very
 * string the token holds (docs/security.md, "Response headers and public answers").
 */
final class PrincipalJson {
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
    JsonText.write(token.subject(), out);
    out.append(",\"issuer\":");
    JsonText.write(token.provider().issuer(), out);
    out.append(",\"providerId\":");
    JsonText.write(token.provider().id(), out);
    out.append(",\"expiresAt\":");
    JsonText.write(token.expiresAt() == null ? null : token.expiresAt().toString(), out);
    out.append(",\"claims\":");
    JsonText.write(Json.toJava(token.claims()), out);
    out.append(",\"attributes\":");
    JsonText.write(token.attributes(), out);
    out.append('}');
  }
}
