package dev.gatehouse.token;

import static dev.gatehouse.token.TestProviders.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/api.md#claims-and-attributes: claims to attributes. */
class ClaimMapperTest {
  static final String ISS = "https://clerk.example.com";

  private static JsonObject claims(String json) {
    return Json.parse(json).asJsonObject();
  }

  private static ClaimMapping optional(String path, String attribute) {
    return new ClaimMapping(path, attribute, false, null);
  }

  private static ClaimMapping withDefault(String path, String attribute, String defaultJson) {
    return new ClaimMapping(path, attribute, false, Json.parse(defaultJson));
  }

  private static ClaimMapping required(String path, String attribute) {
    return new ClaimMapping(path, attribute, true, null);
  }

  private static Map<String, Object> map(TrustedProvider p, String claimsJson) {
    return ClaimMapper.map(p, claims(claimsJson)).attributes();
  }

  private static TrustedProvider clerk(ClaimMapping... mappings) {
    return provider(ISS).type("clerk").mappings(mappings).build();
  }

  private static TrustedProvider auth0(ClaimMapping... mappings) {
    return provider("https://tenant.auth0.com/").type("auth0").mappings(mappings).build();
  }

  @Test
  void readsDotPaths() {
    TrustedProvider p =
        auth0(
            optional("metadata.plan", "plan"),
            optional("a.b.c.d", "deep"),
            optional("email", "email"));
    Map<String, Object> a =
        map(
            p,
            "{\"sub\":\"u1\",\"email\":\"u@example.com\",\"metadata\":{\"plan\":\"pro\"},"
                + "\"a\":{\"b\":{\"c\":{\"d\":7}}}}");
    assertThat(a)
        .containsEntry("ext_plan", "pro")
        .containsEntry("ext_deep", new BigDecimal("7"))
        .containsEntry("ext_email", "u@example.com");
  }

  @Test
  void aPathThroughANonObjectIsAbsent() {
    TrustedProvider p = auth0(optional("metadata.plan", "plan"), optional("list.0", "first"));
    Map<String, Object> a = map(p, "{\"sub\":\"u1\",\"metadata\":\"pro\",\"list\":[\"x\"]}");
    assertThat(a).doesNotContainKeys("ext_plan", "ext_first");
  }

  @Test
  void keepsArraysAndObjectsAsJsonValues() {
    TrustedProvider p =
        auth0(
            optional("roles", "roles"), optional("metadata", "metadata"), optional("flag", "flag"));
    Map<String, Object> a =
        map(
            p,
            "{\"sub\":\"u1\",\"roles\":[\"admin\",\"editor\",3],"
                + "\"metadata\":{\"plan\":\"pro\",\"seats\":5,\"tags\":[\"a\"]},\"flag\":false}");
    assertThat(a.get("ext_roles")).isEqualTo(List.of("admin", "editor", new BigDecimal("3")));
    assertThat(a.get("ext_metadata"))
        .isEqualTo(Map.of("plan", "pro", "seats", new BigDecimal("5"), "tags", List.of("a")));
    assertThat(a).containsEntry("ext_flag", false);
  }

  @Test
  void usesTheDefaultValueWhenAbsentOrNull() {
    TrustedProvider p =
        auth0(
            withDefault("metadata.plan", "plan", "\"free\""),
            withDefault("seats", "seats", "1"),
            withDefault("roles", "roles", "[\"viewer\"]"));
    Map<String, Object> absent = map(p, "{\"sub\":\"u1\"}");
    assertThat(absent)
        .containsEntry("ext_plan", "free")
        .containsEntry("ext_seats", new BigDecimal("1"))
        .containsEntry("ext_roles", List.of("viewer"));

    Map<String, Object> nulls =
        map(p, "{\"sub\":\"u1\",\"metadata\":{\"plan\":null},\"seats\":null,\"roles\":null}");
    assertThat(nulls)
        .containsEntry("ext_plan", "free")
        .containsEntry("ext_seats", new BigDecimal("1"));

    Map<String, Object> present =
        map(p, "{\"sub\":\"u1\",\"metadata\":{\"plan\":\"pro\"},\"seats\":0}");
    assertThat(present)
        .containsEntry("ext_plan", "pro")
        .containsEntry("ext_seats", BigDecimal.ZERO);

    ClaimMapper.Result r =
        ClaimMapper.map(p, claims("{\"sub\":\"u1\",\"metadata\":{\"plan\":\"pro\"}}"));
    assertThat(r.outcomes())
        .extracting(ClaimMapper.Outcome::attribute, ClaimMapper.Outcome::outcome)
        .contains(
            org.assertj.core.groups.Tuple.tuple("ext_plan", "mapped"),
            org.assertj.core.groups.Tuple.tuple("ext_seats", "default"));
  }

  @Test
  void leavesAnOptionalClaimWithoutDefaultAbsent() {
    TrustedProvider p = auth0(optional("metadata.plan", "plan"));
    ClaimMapper.Result r =
        ClaimMapper.map(p, claims("{\"sub\":\"u1\",\"metadata\":{\"plan\":null}}"));
    assertThat(r.attributes()).doesNotContainKey("ext_plan");
    assertThat(r.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.outcome()).isEqualTo("absent");
              assertThat(o.value()).isNull();
            });
  }

  @Test
  void failsARequiredClaimThatIsAbsentOrNull() {
    TrustedProvider p = auth0(required("metadata.plan", "plan"));
    for (String json :
        List.of(
            "{\"sub\":\"u1\"}",
            "{\"sub\":\"u1\",\"metadata\":null}",
            "{\"sub\":\"u1\",\"metadata\":{}}",
            "{\"sub\":\"u1\",\"metadata\":{\"plan\":null}}")) {
      TokenFailure f = assertThrows(TokenFailure.class, () -> map(p, json));
      assertThat(f.code()).isEqualTo("missing_required_claim");
      assertThat(f.kind()).isEqualTo(TokenFailure.Kind.REJECTED);
      assertThat(f.detail()).contains("metadata.plan");
    }
  }

  @Test
  void aRequiredClaimWithAFalsyValueIsPresent() {
    TrustedProvider p = auth0(required("a", "a"), required("b", "b"), required("c", "c"));
    Map<String, Object> attrs = map(p, "{\"sub\":\"u1\",\"a\":false,\"b\":0,\"c\":\"\"}");
    assertThat(attrs)
        .containsEntry("ext_a", false)
        .containsEntry("ext_b", BigDecimal.ZERO)
        .containsEntry("ext_c", "");
  }

  @Test
  void aRequiredClaimIgnoresItsDefault() {
    TrustedProvider p = auth0(new ClaimMapping("plan", "plan", true, Json.parse("\"free\"")));
    TokenFailure f = assertThrows(TokenFailure.class, () -> map(p, "{\"sub\":\"u1\"}"));
    assertThat(f.code()).isEqualTo("missing_required_claim");
  }

  @Test
  void prefixesEveryMappedAttributeWithExt() {
    TrustedProvider p = auth0(optional("email", "email"), optional("sub", "user"));
    Map<String, Object> a = map(p, "{\"sub\":\"u1\",\"email\":\"e\"}");
    assertThat(a.keySet())
        .containsExactlyInAnyOrder(
            "ext_email",
            "ext_user",
            "is_external_principal",
            "external_issuer",
            "external_subject");
  }

  @Test
  void addsTheExternalPrincipalAttributes() {
    Map<String, Object> a =
        map(auth0(), "{\"iss\":\"https://tenant.auth0.com/\",\"sub\":\"auth0|42\"}");
    assertThat(a)
        .containsEntry("is_external_principal", true)
        .containsEntry("external_issuer", "https://tenant.auth0.com/")
        .containsEntry("external_subject", "auth0|42");
  }

  @Test
  void readsClerkOrganizationsV1() {
    Map<String, Object> a =
        map(
            clerk(),
            "{\"sub\":\"user_1\",\"org_id\":\"org_1\",\"org_slug\":\"acme\","
                + "\"org_role\":\"org:admin\"}");
    assertThat(a)
        .containsEntry("ext_org_id", "org_1")
        .containsEntry("ext_org_slug", "acme")
        .containsEntry("ext_org_role", "org:admin");

    // v: 1 explicitly, and a role without its prefix
    Map<String, Object> b =
        map(clerk(), "{\"sub\":\"user_1\",\"v\":1,\"org_id\":\"org_1\",\"org_role\":\"member\"}");
    assertThat(b).containsEntry("ext_org_role", "org:member").doesNotContainKey("ext_org_slug");
  }

  @Test
  void readsClerkOrganizationsV2() {
    Map<String, Object> a =
        map(
            clerk(),
            "{\"sub\":\"user_1\",\"v\":2,\"o\":{\"id\":\"org_2\",\"slg\":\"globex\","
                + "\"rol\":\"admin\",\"per\":\"read,manage\"}}");
    assertThat(a)
        .containsEntry("ext_org_id", "org_2")
        .containsEntry("ext_org_slug", "globex")
        .containsEntry("ext_org_role", "org:admin");
  }

  @Test
  void choosesTheClerkShapeByV() {
    // a v2 token's org_* claims (e.g. from a template) are not the active organization
    Map<String, Object> v2 =
        map(clerk(), "{\"sub\":\"u\",\"v\":2,\"org_id\":\"org_v1\",\"o\":{\"id\":\"org_v2\"}}");
    assertThat(v2).containsEntry("ext_org_id", "org_v2");
    // a token without v is v1: an "o" claim is not read
    Map<String, Object> v1 = map(clerk(), "{\"sub\":\"u\",\"o\":{\"id\":\"org_v2\"}}");
    assertThat(v1).doesNotContainKey("ext_org_id");
  }

  @Test
  void leavesOrganizationAttributesAbsentWithoutAnActiveOrganization() {
    List<String> noOrg =
        List.of(
            "{\"sub\":\"u\"}",
            "{\"sub\":\"u\",\"org_id\":null,\"org_slug\":null,\"org_role\":null}",
            "{\"sub\":\"u\",\"org_id\":\"\",\"org_slug\":\"\",\"org_role\":\"\"}",
            "{\"sub\":\"u\",\"org_role\":\"org:\"}",
            "{\"sub\":\"u\",\"v\":2}",
            "{\"sub\":\"u\",\"v\":2,\"o\":null}",
            "{\"sub\":\"u\",\"v\":2,\"o\":{}}",
            "{\"sub\":\"u\",\"v\":2,\"o\":{\"id\":null,\"slg\":null,\"rol\":null}}",
            "{\"sub\":\"u\",\"v\":2,\"o\":{\"rol\":\"\"}}");
    for (String json : noOrg) {
      ClaimMapper.Result r = ClaimMapper.map(clerk(), claims(json));
      assertThat(r.attributes())
          .as(json)
          .doesNotContainKeys("ext_org_id", "ext_org_slug", "ext_org_role");
      assertThat(r.attributes().values()).as(json).doesNotContain("null", "org:", "org:null");
      assertThat(r.outcomes())
          .as(json)
          .extracting(ClaimMapper.Outcome::outcome)
          .containsOnly("absent");
    }
  }

  @Test
  void aProviderMappingForOrgRoleReplacesOnlyThatPreset() {
    TrustedProvider p = clerk(optional("o.rol", "org_role"));
    Map<String, Object> a =
        map(
            p,
            "{\"sub\":\"u\",\"v\":2,\"o\":{\"id\":\"org_2\",\"slg\":\"globex\",\"rol\":\"admin\"}}");
    assertThat(a)
        .containsEntry("ext_org_role", "admin") // the mapping's raw value, no preset prefix
        .containsEntry("ext_org_id", "org_2")
        .containsEntry("ext_org_slug", "globex");

    TrustedProvider withDefault = clerk(withDefault("custom.role", "org_role", "\"org:guest\""));
    Map<String, Object> b =
        map(withDefault, "{\"sub\":\"u\",\"org_id\":\"org_1\",\"org_role\":\"org:admin\"}");
    assertThat(b).containsEntry("ext_org_role", "org:guest").containsEntry("ext_org_id", "org_1");
  }

  @Test
  void givesNonClerkProvidersNoOrganizationPresets() {
    String json =
        "{\"sub\":\"u\",\"org_id\":\"org_1\",\"org_slug\":\"acme\",\"org_role\":\"org:admin\","
            + "\"v\":2,\"o\":{\"id\":\"org_2\",\"rol\":\"admin\"}}";
    for (String type : List.of("auth0", "okta", "oidc")) {
      TrustedProvider p = provider("https://idp.example.com").type(type).build();
      assertThat(map(p, json).keySet())
          .as(type)
          .containsExactlyInAnyOrder(
              "is_external_principal", "external_issuer", "external_subject");
    }
  }

  @Test
  void keepsJsonNullOutOfTheAttributes() {
    TrustedProvider p = auth0(optional("a", "a"));
    ClaimMapper.Result r = ClaimMapper.map(p, claims("{\"sub\":\"u\",\"a\":null}"));
    assertThat(r.attributes()).doesNotContainKey("ext_a");
    assertThat(ClaimMapper.at(claims("{\"a\":null}"), "a")).isNull();
    assertThat(ClaimMapper.at(claims("{\"a\":{\"b\":1}}"), "a.b")).isInstanceOf(JsonValue.class);
  }

  @Test
  void mapsAuth0NamespacedClaimsWhoseNamesContainDots() {
    TrustedProvider p = auth0(optional("https://app.example.com/roles", "roles"));
    Map<String, Object> a =
        map(p, "{\"sub\":\"u1\",\"https://app.example.com/roles\":[\"admin\",\"billing\"]}");
    assertThat(a).containsEntry("ext_roles", List.of("admin", "billing"));
  }

  @Test
  void aClaimNamedLikeThePathWinsOverTheNestedOne() {
    TrustedProvider p = auth0(optional("metadata.plan", "plan"));
    Map<String, Object> a =
        map(p, "{\"sub\":\"u1\",\"metadata.plan\":\"flat\",\"metadata\":{\"plan\":\"nested\"}}");
    assertThat(a).containsEntry("ext_plan", "flat");
  }
}
