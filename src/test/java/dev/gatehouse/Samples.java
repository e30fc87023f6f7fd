package dev.gatehouse;

/**
 * Request bodies the tests share (unit tests, integration tests and benchmarks): the policies and
 * the provider of docs/api.md.
 */
public final class Samples {
  private Samples() {}

  /** The seed's order_approval policy (docs/api.md#the-policy-object), compact. */
  public static final String ORDER_APPROVAL =
      "{\"name\":\"order_approval\",\"resources\":[\"orders\"],\"actions\":[\"approve\"],"
          + "\"specification\":{\"rules\":["
          + "{\"rule_id\":\"manager-high-value\",\"effect\":\"Allow\",\"conditions\":["
          + "{\"function\":\"string_equal\",\"attribute\":\"ext_role\",\"value\":\"manager\"},"
          + "{\"function\":\"integer_greater_than\",\"attribute\":\"request_metadata\","
          + "\"metadata_key\":\"orderAmount\",\"value\":10000}]},"
          + "{\"rule_id\":\"anyone-low-value\",\"effect\":\"Allow\",\"conditions\":["
          + "{\"function\":\"integer_less_equal\",\"attribute\":\"request_metadata\","
          + "\"metadata_key\":\"orderAmount\",\"value\":10000}]}],"
          + "\"default\":{\"effect\":\"Deny\"}}}";

  /** The specification of the policy example in docs/api.md#the-policy-object. */
  public static final String ORDER_APPROVAL_SPECIFICATION =
      """
      {
        "rules": [
          { "rule_id": "manager-high-value", "effect": "Allow",
            "conditions": [
              { "function": "string_equal", "attribute": "ext_role", "value": "manager" },
              { "function": "integer_greater_than", "attribute": "request_metadata",
                "metadata_key": "orderAmount", "value": 10000 } ] },
          { "rule_id": "anyone-low-value", "effect": "Allow",
            "conditions": [
              { "function": "integer_less_equal", "attribute": "request_metadata",
                "metadata_key": "orderAmount", "value": 10000 } ] } ],
        "default": { "effect": "Deny" } }
      """;

  /** The policy example of docs/api.md#the-policy-object under this name. */
  public static String orderApproval(String name) {
    return """
        { "name": "%s", "description": "...",
          "resources": ["orders"], "actions": ["approve"],
          "specification": %s }
        """
        .formatted(name, ORDER_APPROVAL_SPECIFICATION);
  }

  /** A policy on documents and images that allows what the context's {@code allow} says. */
  public static final String DOCS_AND_IMAGES =
      """
      {"name":"docs_and_images","resources":["doc","img"],"actions":["read","write"],
       "specification":{"rules":[
         {"rule_id":"flagged","effect":"Allow","conditions":[
           {"function":"boolean_equal","attribute":"request_metadata","metadata_key":"allow",
            "value":true}]}],
        "default":{"effect":"Deny"}}}
      """;

  /** The provider of docs/api.md#example with every member given, its issuer made unique. */
  public static String providerExample(String issuer) {
    return """
        { "name": "My Clerk Provider", "providerType": "clerk",
          "issuer": "%s",
          "jwksUri": null,
          "allowedAudiences": ["your-app-id"],
          "authorizedParties": ["https://app.your-domain.com"],
          "clockSkewSeconds": 5,
          "allowedAlgorithms": ["RS256"],
          "claimMappings": [
            { "jwtPath": "metadata.plan", "attribute": "plan", "required": false, "defaultValue": "free" },
            { "jwtPath": "org_role", "attribute": "role" } ] }
        """
        .formatted(issuer);
  }
}
