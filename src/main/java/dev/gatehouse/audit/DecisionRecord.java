package dev.gatehouse.audit;

import java.time.Instant;

/**
 * One audited decision (or refused token) of the check API, batch API or interceptor.
 *
 * @param id the decisionId the caller was given
 * @param workspaceId the workspace
 * @param decidedAt when
 * @param source {@code check}, {@code batch} or {@code interceptor}
 * @param providerId the provider that vouched for the token (or was chosen by its issuer), or null
 * @param issuer the token's issuer when a provider was found, else null
 * @param subject the verified subject, or null when the token failed
 * @param resource the checked resource
 * @param action the checked action
 * @param contextJson the context as JSON text, its keys, or null (gatehouse.audit.context; always
 *     null for a refused token), at most {@code gatehouse.audit.context-max-chars} long
 * @param contextTruncated true when members of the context did not fit in that limit and were left
 *     out (docs/api.md, decisions)
 * @param decision {@code Allow} or {@code Deny} (a refused token is recorded as Deny)
 * @param reason {@code rule_matched}, {@code default_effect}, {@code no_applicable_policy}, or null
 *     for a refused token
 * @param policyId the deciding policy's id, or null
 * @param policyName the deciding policy's name, or null
 * @param ruleId the deciding rule, or null
 * @param errorCode for a refused token, its code (docs/api.md#errors); else null
 * @param ipAddress the end user's address as the check saw it, or null
 */
public record DecisionRecord(
    String id,
    String workspaceId,
    Instant decidedAt,
    String source,
    String providerId,
    String issuer,
    String subject,
    String resource,
    String action,
    String contextJson,
    boolean contextTruncated,
    String decision,
    String reason,
    String policyId,
    String policyName,
    String ruleId,
    String errorCode,
    String ipAddress) {

  /** What a record costs in memory about, for the queue's byte bound: cheap, no serialisation. */
  public long estimatedBytes() {
    return 256
        + 2L
            * (chars(id)
                + chars(workspaceId)
                + chars(source)
                + chars(providerId)
                + chars(issuer)
                + chars(subject)
                + chars(resource)
                + chars(action)
                + chars(contextJson)
                + chars(decision)
                + chars(reason)
                + chars(policyId)
                + chars(policyName)
                + chars(ruleId)
                + chars(errorCode)
                + chars(ipAddress));
  }

  private static int chars(String s) {
    return s == null ? 0 : s.length();
  }
}
