package dev.gatehouse.client;

/**
 * Gatehouse's decision on one check: the check API's {@code data} (docs/api.md#check).
 *
 * @param allowed what applications read: true for Allow
 * @param decision {@code Allow} or {@code Deny}
 * @param decisionId the decision's audit record id; a cached decision keeps the id of the check
 *     that made it (docs/client.md#the-decision-cache)
 * @param policy the deciding policy's name, or null
 * @param ruleId the deciding rule, or null
 * @param reason {@code rule_matched}, {@code default_effect}, {@code no_applicable_policy}, …
 * @param principal the verified principal; null unless asked ({@link
 *     CheckOptions#includePrincipal()})
 */
public record Decision(
    boolean allowed,
    String decision,
    String decisionId,
    String policy,
    String ruleId,
    String reason,
    Principal principal) {

  Decision withPrincipal(Principal p) {
    return new Decision(allowed, decision, decisionId, policy, ruleId, reason, p);
  }
}
