package dev.gatehouse.web;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.gatehouse.admin.TokenService;
import dev.gatehouse.json.Json;
import dev.gatehouse.token.ProviderKeys;
import dev.gatehouse.token.TokenSettings;
import dev.gatehouse.token.TokenVerifier;
import dev.gatehouse.token.TrustedProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * JSON shapes of the token playground and of a provider's keys (docs/api.md#inspect-a-token,
 * #a-providers-keys).
 */
final class TokenJson {
  private TokenJson() {}

  /** {@code {valid, code, detail, provider, header, claims, attributes}}. */
  static JsonObject inspection(TokenVerifier.Inspection i) {
    JsonObjectBuilder b =
        Json.provider()
            .createObjectBuilder()
            .add("valid", i.valid())
            .add("code", i.failure() == null ? JsonValue.NULL : Json.toJson(i.failure().code()))
            .add("detail", i.failure() == null ? JsonValue.NULL : Json.toJson(i.failure().detail()))
            .add("provider", i.provider() == null ? JsonValue.NULL : providerRef(i.provider()))
            .add("header", i.jws() == null ? JsonValue.NULL : i.jws().header())
            .add("claims", i.jws() == null ? JsonValue.NULL : i.jws().payload())
            .add(
                "attributes",
                i.verified() == null
                    ? JsonValue.EMPTY_JSON_OBJECT
                    : Json.toJson(i.verified().attributes()));
    return b.build();
  }

  static JsonObject providerRef(TrustedProvider p) {
    return Json.provider()
        .createObjectBuilder()
        .add("id", p.id())
        .add("name", p.name())
        .add("issuer", p.issuer())
        .build();
  }

  /** A provider's cached keys: ids, algorithms, fetch times, next refresh, last error. */
  static JsonObject keys(TokenService.KeysView v, TokenSettings settings, Instant now) {
    ProviderKeys.Snapshot s = v.snapshot();
    JsonArrayBuilder keys = Json.provider().createArrayBuilder();
    for (JWK k : s.keys()) {
      JsonObjectBuilder kb =
          Json.provider()
              .createObjectBuilder()
              .add("kid", Json.stringOrNull(k.getKeyID()))
              .add("kty", k.getKeyType().getValue())
              .add(
                  "alg",
                  k.getAlgorithm() == null
                      ? JsonValue.NULL
                      : Json.toJson(k.getAlgorithm().getName()))
              .add(
                  "use",
                  k.getKeyUse() == null ? JsonValue.NULL : Json.toJson(k.getKeyUse().identifier()));
      if (k instanceof RSAKey rsa) {
        kb.add("bits", rsa.size());
      } else if (k instanceof ECKey ec) {
        kb.add("crv", ec.getCurve().getName());
      } else if (k instanceof OctetKeyPair okp) {
        kb.add("crv", okp.getCurve().getName());
      }
      keys.add(kb);
    }
    String state = s.state(now, settings.cacheTtl());
    TrustedProvider p = v.provider();
    return Json.provider()
        .createObjectBuilder()
        .add("provider", providerRef(p))
        .add("jwksUri", Json.stringOrNull(s.jwksUri() != null ? s.jwksUri() : p.keyLocationHint()))
        .add("discovery", p.usesDiscovery())
        .add("state", state)
        .add("keys", keys)
        .add("fetchedAt", time(s.keysFetchedAt()))
        .add(
            "nextRefresh",
            s.keysFetchedAt() == null
                ? JsonValue.NULL
                : time(s.keysFetchedAt().plus(settings.cacheTtl())))
        .add("lastAttemptAt", time(s.lastAttemptAt()))
        .add("lastError", Json.stringOrNull(s.lastError()))
        .build();
  }

  private static JsonValue time(Instant t) {
    return t == null
        ? JsonValue.NULL
        : Json.toJson(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
  }
}
