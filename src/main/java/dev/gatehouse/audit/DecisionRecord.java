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
 * @param contextJson the context as JSON text, its keys, or null (gatehouse.audit.context)
 * @param decision {@code Allow} or {@code Deny} (a refused token is recorded as Deny)
 * @param reason {@code rule_matched}, {@code default_effect}, {@code no_applicable_policy}, or null
 *     for a refused token
 * @param policyId the deciding policy's id, or null
 * @param policyName the deciding policy's name, or null
 * @param ruleId the deciding rule, or null
 * @param errorCode for a refused token, its CONTRACT §6 code; else null
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
    String decision,
    String reason,
    String policyId,
    String policyName,
    String ruleId,
    String errorCode,
    String ipAddress) {}
