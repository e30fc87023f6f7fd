package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.Samples;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.store.StoredProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderInputTest {

  /** The provider of docs/api.md#example with every member given, verbatim. */
  private static final String CLERK_EXAMPLE =
      Samples.providerExample("https://clerk.your-domain.com");

  private static final String MINIMAL =
      """
      { "name": "idp", "providerType": "oidc", "issuer": "https://idp.example.com" }
      """;

  private static final String ASYMMETRIC_ONLY =
      "' is not allowed: only asymmetric algorithms (RS256, RS384, RS512, PS256, PS384, PS512,"
          + " ES256, ES384, ES512, EdDSA)";

  // ---- helpers ----

  private static Object json(String text) {
    return Json.toJava(Json.parse(text));
  }

  /** The minimal valid provider with one member set to the given JSON value. */
  @SuppressWarnings("unchecked")
  private static Object minimalWith(String member, String valueJson) {
    Map<String, Object> body = (Map<String, Object>) json(MINIMAL);
    body.put(member, json(valueJson));
    return body;
  }

  private static ProviderInput read(Object body) {
    return ProviderInput.read(body, false);
  }

  private static List<FieldError> errors(Object body, boolean allowHttp) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> ProviderInput.read(body, allowHttp));
    assertThat(e).as("expected a ValidationException").isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("validation_failed");
    return e.errors();
  }

  private static List<FieldError> errors(Object body) {
    return errors(body, false);
  }

  private static List<FieldError> errorsWith(String member, String valueJson) {
    return errors(minimalWith(member, valueJson));
  }

  // ---- valid input ----

  @Test
  void readsTheContractsClerkExample() {
    ProviderInput p = read(json(CLERK_EXAMPLE));

    assertThat(p.name()).isEqualTo("My Clerk Provider");
    assertThat(p.providerType()).isEqualTo("clerk");
    assertThat(p.issuer()).isEqualTo("https://clerk.your-domain.com");
    assertThat(p.jwksUri()).isNull();
    assertThat(p.allowedAudiences()).containsExactly("your-app-id");
    assertThat(p.authorizedParties()).containsExactly("https://app.your-domain.com");
    assertThat(p.clockSkewSeconds()).isEqualTo(5);
    assertThat(p.allowedAlgorithms()).containsExactly("RS256");
    assertThat(p.version()).isNull();
    assertThat(p.warnings()).isEmpty();
    assertThat(p.claimMappings())
        .extracting(
            StoredProvider.Mapping::jwtPath,
            StoredProvider.Mapping::attribute,
            StoredProvider.Mapping::required,
            StoredProvider.Mapping::defaultValueJson)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("metadata.plan", "plan", false, "\"free\""),
            org.assertj.core.groups.Tuple.tuple("org_role", "role", false, null));
  }

  @Test
  void appliesDefaultsWhenOptionalMembersAreAbsent() {
    ProviderInput p = read(json(MINIMAL));

    assertThat(p.jwksUri()).isNull();
    assertThat(p.allowedAudiences()).isEmpty();
    assertThat(p.authorizedParties()).isEmpty();
    assertThat(p.clockSkewSeconds()).isEqualTo(5);
    assertThat(p.allowedAlgorithms()).containsExactly("RS256");
    assertThat(p.claimMappings()).isEmpty();
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void treatsNullOptionalMembersAsAbsent() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "idp", "providerType": "oidc", "issuer": "https://idp.example.com",
                  "jwksUri": null, "allowedAudiences": null, "authorizedParties": null,
                  "clockSkewSeconds": null, "allowedAlgorithms": null, "claimMappings": null }
                """));

    assertThat(p.clockSkewSeconds()).isEqualTo(5);
    assertThat(p.allowedAlgorithms()).containsExactly("RS256");
    assertThat(p.allowedAudiences()).isEmpty();
    assertThat(p.claimMappings()).isEmpty();
  }

  @Test
  void acceptsTheOutputOnlyMembersSoThatAGetCanBePutBack() {
    ProviderInput p =
        read(
            json(
                """
                { "id": "0190b3c4-0000-7000-8000-000000000000", "createdAt": "2025-01-01T00:00:00Z",
                  "updatedAt": "2025-01-01T00:00:00Z", "version": 3, "readOnly": false,
                  "name": "idp", "providerType": "oidc", "issuer": "https://idp.example.com" }
                """));

    assertThat(p.version()).isEqualTo(3L);
  }

  @Test
  void rejectsANegativeVersion() {
    assertThat(errorsWith("version", "-1"))
        .containsExactly(new FieldError("/version", "must be a non-negative integer"));
  }

  // ---- name ----

  @Test
  void requiresName() {
    assertThat(errors(json("{ \"providerType\": \"oidc\", \"issuer\": \"https://a.example\" }")))
        .containsExactly(new FieldError("/name", "is required"));
  }

  @Test
  void rejectsEmptyName() {
    assertThat(errorsWith("name", "\"\""))
        .containsExactly(new FieldError("/name", "must not be empty"));
  }

  @Test
  void rejectsNonStringName() {
    assertThat(errorsWith("name", "42"))
        .containsExactly(new FieldError("/name", "must be a string, not a number"));
  }

  @Test
  void rejectsNameLongerThan255Characters() {
    assertThat(errorsWith("name", "\"" + "n".repeat(256) + "\""))
        .containsExactly(new FieldError("/name", "must be at most 255 characters long"));
  }

  // ---- providerType ----

  @ParameterizedTest
  @ValueSource(strings = {"clerk", "auth0", "okta", "oidc"})
  void acceptsEveryKnownProviderType(String type) {
    ProviderInput p = read(minimalWith("providerType", "\"" + type + "\""));

    assertThat(p.providerType()).isEqualTo(type);
  }

  @Test
  void rejectsUnknownProviderType() {
    assertThat(errorsWith("providerType", "\"keycloak\""))
        .containsExactly(
            new FieldError(
                "/providerType", "must be one of clerk, auth0, okta, oidc, not 'keycloak'"));
  }

  @Test
  void providerTypeIsCaseSensitive() {
    assertThat(errorsWith("providerType", "\"Clerk\""))
        .containsExactly(
            new FieldError(
                "/providerType", "must be one of clerk, auth0, okta, oidc, not 'Clerk'"));
  }

  @Test
  void requiresProviderType() {
    assertThat(errors(json("{ \"name\": \"idp\", \"issuer\": \"https://a.example\" }")))
        .containsExactly(new FieldError("/providerType", "is required"));
  }

  // ---- issuer ----

  @Test
  void requiresIssuer() {
    assertThat(errors(json("{ \"name\": \"idp\", \"providerType\": \"oidc\" }")))
        .containsExactly(new FieldError("/issuer", "is required"));
  }

  @Test
  void rejectsHttpIssuerForNonLoopbackHost() {
    List<FieldError> errors = errorsWith("issuer", "\"http://idp.example.com\"");

    assertThat(errors).extracting(FieldError::pointer).containsExactly("/issuer");
    assertThat(errors.get(0).message())
        .startsWith("must use https")
        .contains("loopback")
        .contains("gatehouse.dev.allow-http-jwks=true");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080/realms/dev",
        "http://127.0.0.1",
        "http://127.1.2.3:9000",
        "http://[::1]:8080"
      })
  void acceptsHttpIssuerForLoopbackHost(String issuer) {
    assertThat(read(minimalWith("issuer", "\"" + issuer + "\"")).issuer()).isEqualTo(issuer);
  }

  @Test
  void acceptsHttpIssuerForAnyHostWhenAllowHttpIsOn() {
    ProviderInput p = ProviderInput.read(minimalWith("issuer", "\"http://idp.internal\""), true);

    assertThat(p.issuer()).isEqualTo("http://idp.internal");
  }

  @Test
  void rejectsRelativeIssuer() {
    assertThat(errorsWith("issuer", "\"idp.example.com\""))
        .containsExactly(
            new FieldError(
                "/issuer", "must be an absolute URL such as https://issuer.example.com"));
  }

  @Test
  void rejectsIssuerWithOtherScheme() {
    assertThat(errors(minimalWith("issuer", "\"ftp://idp.example.com\""), true))
        .containsExactly(new FieldError("/issuer", "must use https, not ftp"));
  }

  @Test
  void rejectsIssuerWithUserInfo() {
    assertThat(errorsWith("issuer", "\"https://user:pw@idp.example.com\""))
        .containsExactly(new FieldError("/issuer", "must not carry user information"));
  }

  // ---- jwksUri ----

  @Test
  void rejectsHttpJwksUriForNonLoopbackHost() {
    List<FieldError> errors = errorsWith("jwksUri", "\"http://idp.example.com/jwks.json\"");

    assertThat(errors).extracting(FieldError::pointer).containsExactly("/jwksUri");
    assertThat(errors.get(0).message()).startsWith("must use https");
  }

  @Test
  void acceptsHttpJwksUriForLoopbackHostOrWithAllowHttp() {
    assertThat(read(minimalWith("jwksUri", "\"http://127.0.0.1:8080/jwks\"")).jwksUri())
        .isEqualTo("http://127.0.0.1:8080/jwks");
    assertThat(
            ProviderInput.read(minimalWith("jwksUri", "\"http://keys.internal/jwks\""), true)
                .jwksUri())
        .isEqualTo("http://keys.internal/jwks");
  }

  @Test
  void rejectsJwksUriWithFragment() {
    assertThat(errorsWith("jwksUri", "\"https://idp.example.com/jwks#keys\""))
        .containsExactly(new FieldError("/jwksUri", "must not have a fragment"));
  }

  @Test
  void rejectsNonStringJwksUri() {
    assertThat(errorsWith("jwksUri", "true"))
        .containsExactly(new FieldError("/jwksUri", "must be a string, not a boolean"));
  }

  // ---- allowedAudiences and authorizedParties ----

  @ParameterizedTest
  @ValueSource(strings = {"allowedAudiences", "authorizedParties"})
  void rejectsNonArrayStringList(String member) {
    assertThat(errorsWith(member, "\"your-app-id\""))
        .containsExactly(new FieldError("/" + member, "must be an array of strings, not a string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"allowedAudiences", "authorizedParties"})
  void rejectsEmptyAndNonStringItemsAtTheirIndex(String member) {
    assertThat(errorsWith(member, "[\"ok\", \"\", 7, null]"))
        .containsExactly(
            new FieldError("/" + member + "/1", "must not be empty"),
            new FieldError("/" + member + "/2", "must be a string, not a number"),
            new FieldError("/" + member + "/3", "must be a string, not null"));
  }

  @Test
  void rejectsRepeatedAudience() {
    assertThat(errorsWith("allowedAudiences", "[\"a\", \"b\", \"a\"]"))
        .containsExactly(new FieldError("/allowedAudiences/2", "repeats 'a'"));
  }

  @Test
  void rejectsMoreThan50Audiences() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add("\"aud" + i + "\"");
    }
    assertThat(errorsWith("allowedAudiences", "[" + String.join(",", many) + "]"))
        .containsExactly(new FieldError("/allowedAudiences", "must have at most 50 items"));
  }

  @Test
  void keepsAudiencesAndPartiesInOrder() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "idp", "providerType": "oidc", "issuer": "https://idp.example.com",
                  "allowedAudiences": ["b", "a", "c"], "authorizedParties": ["https://x", "https://y"] }
                """));

    assertThat(p.allowedAudiences()).containsExactly("b", "a", "c");
    assertThat(p.authorizedParties()).containsExactly("https://x", "https://y");
  }

  // ---- clockSkewSeconds ----

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "300"})
  void acceptsClockSkewFrom0To300(String skew) {
    assertThat(read(minimalWith("clockSkewSeconds", skew)).clockSkewSeconds())
        .isEqualTo(Integer.parseInt(skew));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "301", "1.5", "\"5\"", "true", "1e10"})
  void rejectsClockSkewOutside0To300OrNotAnInteger(String skew) {
    assertThat(errorsWith("clockSkewSeconds", skew))
        .containsExactly(new FieldError("/clockSkewSeconds", "must be an integer from 0 to 300"));
  }

  // ---- allowedAlgorithms ----

  @Test
  void acceptsEveryAsymmetricAlgorithm() {
    ProviderInput p =
        read(
            minimalWith(
                "allowedAlgorithms",
                "[\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\","
                    + "\"ES256\",\"ES384\",\"ES512\",\"EdDSA\"]"));

    assertThat(p.allowedAlgorithms())
        .containsExactly(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA");
  }

  @Test
  void rejectsNoneAtItsIndex() {
    assertThat(errorsWith("allowedAlgorithms", "[\"none\"]"))
        .containsExactly(new FieldError("/allowedAlgorithms/0", "'none" + ASYMMETRIC_ONLY));
  }

  @Test
  void rejectsHs256AtItsIndex() {
    assertThat(errorsWith("allowedAlgorithms", "[\"RS256\", \"HS256\"]"))
        .containsExactly(new FieldError("/allowedAlgorithms/1", "'HS256" + ASYMMETRIC_ONLY));
  }

  @Test
  void algorithmNamesAreCaseSensitive() {
    assertThat(errorsWith("allowedAlgorithms", "[\"rs256\"]"))
        .containsExactly(new FieldError("/allowedAlgorithms/0", "'rs256" + ASYMMETRIC_ONLY));
  }

  @Test
  void rejectsEmptyAlgorithmList() {
    assertThat(errorsWith("allowedAlgorithms", "[]"))
        .containsExactly(new FieldError("/allowedAlgorithms", "must name at least one algorithm"));
  }

  @Test
  void rejectsNonArrayAlgorithms() {
    assertThat(errorsWith("allowedAlgorithms", "\"RS256\""))
        .contains(
            new FieldError("/allowedAlgorithms", "must be an array of strings, not a string"));
  }

  @Test
  void pointsAtTheRejectedAlgorithmsOwnIndexAfterAnInvalidItem() {
    assertThat(errorsWith("allowedAlgorithms", "[\"\", \"HS256\"]"))
        .containsExactly(
            new FieldError("/allowedAlgorithms/0", "must not be empty"),
            new FieldError("/allowedAlgorithms/1", "'HS256" + ASYMMETRIC_ONLY));
  }

  @Test
  void pointsAtTheRejectedAlgorithmsOwnIndexAfterARepeatedItem() {
    assertThat(errorsWith("allowedAlgorithms", "[\"RS256\", \"RS256\", \"HS256\"]"))
        .containsExactly(
            new FieldError("/allowedAlgorithms/1", "repeats 'RS256'"),
            new FieldError("/allowedAlgorithms/2", "'HS256" + ASYMMETRIC_ONLY));
  }

  // ---- claimMappings ----

  @Test
  void rejectsNonArrayClaimMappings() {
    assertThat(errorsWith("claimMappings", "{ \"jwtPath\": \"a\", \"attribute\": \"a\" }"))
        .containsExactly(
            new FieldError("/claimMappings", "must be an array of mappings, not an object"));
  }

  @Test
  void rejectsNonObjectMapping() {
    assertThat(errorsWith("claimMappings", "[\"org_role\"]"))
        .containsExactly(
            new FieldError("/claimMappings/0", "must be a JSON object, not a string"),
            new FieldError("/claimMappings/0/jwtPath", "is required"),
            new FieldError("/claimMappings/0/attribute", "is required"));
  }

  @Test
  void rejectsMoreThan100Mappings() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add("{ \"jwtPath\": \"c" + i + "\", \"attribute\": \"a" + i + "\" }");
    }
    assertThat(errorsWith("claimMappings", "[" + String.join(",", many) + "]"))
        .containsExactly(new FieldError("/claimMappings", "must have at most 100 mappings"));
  }

  @Test
  void requiresJwtPathAndAttribute() {
    assertThat(errorsWith("claimMappings", "[{ \"required\": true }]"))
        .containsExactly(
            new FieldError("/claimMappings/0/jwtPath", "is required"),
            new FieldError("/claimMappings/0/attribute", "is required"));
  }

  @Test
  void rejectsEmptyJwtPath() {
    assertThat(errorsWith("claimMappings", "[{ \"jwtPath\": \"\", \"attribute\": \"plan\" }]"))
        .containsExactly(new FieldError("/claimMappings/0/jwtPath", "must not be empty"));
  }

  @ParameterizedTest
  @ValueSource(strings = {".plan", "metadata.", "metadata..plan", "."})
  void rejectsJwtPathWithEmptySegment(String path) {
    assertThat(
            errorsWith(
                "claimMappings",
                "[{ \"jwtPath\": \"ok\", \"attribute\": \"ok\" },"
                    + " { \"jwtPath\": \""
                    + path
                    + "\", \"attribute\": \"plan\" }]"))
        .containsExactly(
            new FieldError(
                "/claimMappings/1/jwtPath",
                "must be a dot-separated path with no empty segment, e.g. metadata.plan"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Plan", "plan-type", "ext.plan", "plan type", "é"})
  void rejectsAttributeOutsideLowerCaseLettersDigitsAndUnderscore(String attribute) {
    assertThat(
            errorsWith(
                "claimMappings",
                "[{ \"jwtPath\": \"plan\", \"attribute\": \"" + attribute + "\" }]"))
        .containsExactly(
            new FieldError(
                "/claimMappings/0/attribute",
                "must be lower-case letters, digits and '_' (it becomes ext_<attribute>)"));
  }

  @Test
  void acceptsAttributeOfLowerCaseLettersDigitsAndUnderscore() {
    ProviderInput p =
        read(
            minimalWith(
                "claimMappings",
                "[{ \"jwtPath\": \"org.role_2\", \"attribute\": \"org_role_2\" }]"));

    assertThat(p.claimMappings())
        .extracting(StoredProvider.Mapping::attribute)
        .containsExactly("org_role_2");
  }

  @Test
  void rejectsDuplicateAttributeAtTheSecondOneNamingTheFirst() {
    assertThat(
            errorsWith(
                "claimMappings",
                """
                [ { "jwtPath": "metadata.plan", "attribute": "plan" },
                  { "jwtPath": "org_role", "attribute": "role" },
                  { "jwtPath": "public_metadata.plan", "attribute": "plan" } ]
                """))
        .containsExactly(
            new FieldError(
                "/claimMappings/2/attribute",
                "'plan' is already mapped by /claimMappings/0/attribute"));
  }

  @Test
  void rejectsUnknownMappingMember() {
    assertThat(
            errorsWith(
                "claimMappings",
                "[{ \"jwtPath\": \"org_role\", \"attribute\": \"role\", \"claim\": \"x\" }]"))
        .containsExactly(new FieldError("/claimMappings/0/claim", "unknown member 'claim'"));
  }

  @Test
  void rejectsNonBooleanRequired() {
    assertThat(
            errorsWith(
                "claimMappings",
                "[{ \"jwtPath\": \"org_role\", \"attribute\": \"role\", \"required\": \"yes\" }]"))
        .containsExactly(
            new FieldError("/claimMappings/0/required", "must be true or false, not a string"));
  }

  @Test
  void keepsDefaultValueAsJsonText() {
    ProviderInput p =
        read(
            minimalWith(
                "claimMappings",
                """
                [ { "jwtPath": "a", "attribute": "a", "defaultValue": { "tier": [1, 2.50] } },
                  { "jwtPath": "b", "attribute": "b", "defaultValue": 10 },
                  { "jwtPath": "c", "attribute": "c", "defaultValue": null } ]
                """));

    assertThat(p.claimMappings())
        .extracting(StoredProvider.Mapping::defaultValueJson)
        .containsExactly("{\"tier\":[1,2.50]}", "10", null);
  }

  @Test
  void rejectsDefaultValueLongerThan4000CharactersOfJson() {
    assertThat(
            errorsWith(
                "claimMappings",
                "[{ \"jwtPath\": \"a\", \"attribute\": \"a\", \"defaultValue\": \""
                    + "x".repeat(3999)
                    + "\" }]"))
        .containsExactly(
            new FieldError(
                "/claimMappings/0/defaultValue", "must be at most 4000 characters of JSON"));
  }

  @Test
  void warnsThatARequiredMappingNeverUsesItsDefault() {
    ProviderInput p =
        read(
            minimalWith(
                "claimMappings",
                "[{ \"jwtPath\": \"org_role\", \"attribute\": \"role\", \"required\": true,"
                    + " \"defaultValue\": \"member\" }]"));

    assertThat(p.warnings())
        .containsExactly("claimMappings/0: a required mapping never uses its defaultValue");
    assertThat(p.claimMappings().get(0).required()).isTrue();
  }

  // ---- warnings ----

  @Test
  void warnsWhenClerkIssuerEndsWithSlash() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "c", "providerType": "clerk", "issuer": "https://clerk.example.com/" }
                """));

    assertThat(p.warnings()).hasSize(1);
    assertThat(p.warnings().get(0))
        .startsWith("issuer ends with '/'")
        .contains("Clerk's issuers never do");
  }

  @Test
  void doesNotWarnWhenClerkIssuerHasNoTrailingSlash() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "c", "providerType": "clerk", "issuer": "https://clerk.example.com" }
                """));

    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void warnsWhenAuth0IssuerLacksTrailingSlash() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "a", "providerType": "auth0", "issuer": "https://tenant.auth0.com" }
                """));

    assertThat(p.warnings()).hasSize(1);
    assertThat(p.warnings().get(0))
        .startsWith("issuer does not end with '/'")
        .contains("https://TENANT.auth0.com/");
  }

  @Test
  void doesNotWarnWhenAuth0IssuerEndsWithSlash() {
    ProviderInput p =
        read(
            json(
                """
                { "name": "a", "providerType": "auth0", "issuer": "https://tenant.auth0.com/" }
                """));

    assertThat(p.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"okta", "oidc"})
  void doesNotWarnAboutTrailingSlashForOtherTypes(String type) {
    assertThat(
            read(json(
                    "{ \"name\": \"x\", \"providerType\": \""
                        + type
                        + "\", \"issuer\": \"https://idp.example.com/\" }"))
                .warnings())
        .isEmpty();
    assertThat(
            read(json(
                    "{ \"name\": \"x\", \"providerType\": \""
                        + type
                        + "\", \"issuer\": \"https://idp.example.com\" }"))
                .warnings())
        .isEmpty();
  }

  // ---- the body as a whole ----

  @Test
  void reportsSeveralErrorsTogetherInOrder() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                read(
                    json(
                        """
                        { "providerType": "keycloak", "issuer": "http://idp.example.com",
                          "clockSkewSeconds": 999, "allowedAlgorithms": ["RS256", "none"],
                          "claimMappings": [ { "jwtPath": "a..b", "attribute": "A" } ],
                          "colour": "blue" }
                        """)));

    assertThat(e.errors())
        .extracting(FieldError::pointer)
        .containsExactly(
            "/colour",
            "/name",
            "/providerType",
            "/issuer",
            "/clockSkewSeconds",
            "/allowedAlgorithms/1",
            "/claimMappings/0/jwtPath",
            "/claimMappings/0/attribute");
    assertThat(e.getMessage()).isEqualTo("8 validation errors; see 'errors'");
  }

  @Test
  void rejectsUnknownTopLevelMember() {
    assertThat(errorsWith("description", "\"an IdP\""))
        .containsExactly(new FieldError("/description", "unknown member 'description'"));
  }

  @Test
  void escapesUnknownMemberNamesInPointers() {
    assertThat(errorsWith("a/b~c", "1"))
        .containsExactly(new FieldError("/a~1b~0c", "unknown member 'a/b~c'"));
  }

  @Test
  void rejectsArrayBodyAtTheRootPointer() {
    assertThat(errors(json("[]")))
        .containsExactly(
            new FieldError("", "must be a JSON object, not an array"),
            new FieldError("/name", "is required"),
            new FieldError("/providerType", "is required"),
            new FieldError("/issuer", "is required"));
  }

  @Test
  void rejectsNullAndScalarBodiesAtTheRootPointer() {
    assertThat(errors(null).get(0))
        .isEqualTo(new FieldError("", "must be a JSON object, not null"));
    assertThat(errors(json("\"x\"")).get(0))
        .isEqualTo(new FieldError("", "must be a JSON object, not a string"));
    assertThat(errors(json("1")).get(0))
        .isEqualTo(new FieldError("", "must be a JSON object, not a number"));
  }

  @Test
  void hashesTheExactIssuer() {
    ProviderInput p = read(json(MINIMAL));
    ProviderInput slash = read(minimalWith("issuer", "\"https://idp.example.com/\""));

    // printf %s https://idp.example.com | sha256sum
    assertThat(p.issuerHash())
        .isEqualTo("6e2977ae82314db30124ba2850e1a8d59388eb8f98aff11dfa82935b17b4657f");
    assertThat(slash.issuerHash()).isNotEqualTo(p.issuerHash());
  }
}
