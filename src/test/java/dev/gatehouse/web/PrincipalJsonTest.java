package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.json.Json;
import dev.gatehouse.token.TrustedProvider;
import dev.gatehouse.token.VerifiedToken;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verified principal a check answers on request (docs/api.md#check): its members, and hostile
 * token text written as JSON that reads back to the very same strings.
 */
class PrincipalJsonTest {
  private static final String ISSUER = "https://clerk.example.com";

  private static VerifiedToken token(JsonObject claims, Map<String, Object> attributes) {
    TrustedProvider p =
        new TrustedProvider(
            "ws-1",
            "prov-1",
            "Clerk \u2013 prod",
            "clerk",
            ISSUER,
            ISSUER + "/.well-known/jwks.json",
            List.of(),
            List.of(),
            5,
            List.of("RS256"),
            List.of(),
            1,
            null);
    return new VerifiedToken(
        "h.p.s",
        p,
        Json.provider().createObjectBuilder().add("alg", "RS256").build(),
        claims,
        attributes,
        List.of(),
        claims.getString("sub"),
        Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue()));
  }

  private static String written(VerifiedToken t) {
    StringBuilder out = new StringBuilder();
    PrincipalJson.write(t, out);
    return out.toString();
  }

  /** Read back by a plain JSON-P reader, as a client would. */
  private static JsonObject read(String json) {
    try (var r = jakarta.json.Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  @Test
  void writesWhoTheTokenSaysTheCallerIsAndWhatItMapsTo() {
    JsonObject claims =
        Json.parse(
                "{\"iss\":\""
                    + ISSUER
                    + "\",\"sub\":\"user_1\",\"exp\":1795000000,\"iat\":1.7949994e9,"
                    + "\"org_role\":\"manager\",\"metadata\":{\"plan\":\"pro\",\"seats\":[1,2]},"
                    + "\"flag\":false,\"none\":null}")
            .asJsonObject();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("ext_role", "manager");
    attributes.put("ext_plan", "pro");
    attributes.put("is_external_principal", true);
    attributes.put("external_issuer", ISSUER);
    attributes.put("external_subject", "user_1");
    String json = written(token(claims, attributes));

    JsonObject p = read(json);
    assertThat(p.keySet())
        .containsExactly("subject", "issuer", "providerId", "expiresAt", "claims", "attributes");
    assertThat(p.getString("subject")).isEqualTo("user_1");
    assertThat(p.getString("issuer")).isEqualTo(ISSUER);
    assertThat(p.getString("providerId")).isEqualTo("prov-1");
    assertThat(p.getString("expiresAt")).isEqualTo("2026-11-18T11:06:40Z");
    assertThat(p.getJsonObject("claims")).isEqualTo(claims);
    assertThat(p.getJsonObject("claims").keySet()).containsExactlyElementsOf(claims.keySet());
    assertThat(Json.toJava(p.getJsonObject("attributes"))).isEqualTo(attributes);
    // Nothing of the provider but its id: not its name, JWKS URL or algorithms.
    assertThat(json).doesNotContain("Clerk").doesNotContain("jwks").doesNotContain("RS256");
  }

  @Test
  void aFractionalExpiryIsAnIsoInstantToo() {
    JsonObject claims = Json.parse("{\"sub\":\"u\",\"exp\":1795000000.5}").asJsonObject();
    VerifiedToken t =
        new VerifiedToken(
            "h.p.s",
            token(Json.parse("{\"sub\":\"u\",\"exp\":1}").asJsonObject(), Map.of()).provider(),
            claims,
            claims,
            Map.of(),
            List.of(),
            "u",
            Instant.ofEpochSecond(1795000000L, 500_000_000));
    JsonObject p = read(written(t));
    assertThat(p.getString("expiresAt")).isEqualTo("2026-11-18T11:06:40.500Z");
    assertThat(p.getJsonObject("claims").getJsonNumber("exp").bigDecimalValue())
        .isEqualTo(new BigDecimal("1795000000.5"));
  }

  @Test
  void hostileClaimTextIsEscapedAndReadsBackUnchanged() {
    String crlf = "evil\r\nSet-Cookie: a=b";
    String odd = "\u200b\u202e\u2028\u0000\"\\\ud83d\udc34\u00e9\ufeff";
    String lone = "a\ud800b\udc00";
    String big = "x".repeat(10_000);
    JsonObject claims =
        Json.provider()
            .createObjectBuilder()
            .add("sub", crlf)
            .add("exp", 1795000000)
            .add("odd", odd)
            .add("lone", lone)
            .add("big", big)
            .add(crlf, "as a name")
            .build();
    Map<String, Object> attributes = Map.of("ext_odd", odd, "ext_lone", lone, "ext_big", big);
    String json = written(token(claims, attributes));

    // Control characters never appear raw; an unpaired surrogate is an escape, a pair is kept.
    assertThat(json).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
    assertThat(json).contains("a\\ud800b\\udc00").contains("\ud83d\udc34");
    assertThat(json.chars().filter(ch -> Character.isSurrogate((char) ch)).count())
        .as("raw surrogates: only the pair of each of the two U+1F434")
        .isEqualTo(4);
    // What a UTF-8 body carries reads back to the same strings.
    String overTheWire = new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    JsonObject p = read(overTheWire);
    assertThat(p.getString("subject")).isEqualTo(crlf);
    JsonObject c = p.getJsonObject("claims");
    assertThat(c.getString("odd")).isEqualTo(odd);
    assertThat(c.getString("lone")).isEqualTo(lone);
    assertThat(c.getString("big")).isEqualTo(big);
    assertThat(c.getString(crlf)).isEqualTo("as a name");
    JsonObject a = p.getJsonObject("attributes");
    assertThat(a.getString("ext_odd")).isEqualTo(odd);
    assertThat(a.getString("ext_lone")).isEqualTo(lone);
    assertThat(a.getString("ext_big")).isEqualTo(big);
  }
}
