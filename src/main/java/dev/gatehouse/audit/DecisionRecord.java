package dev.gatehouse.audit;

import java.time.Instant;

/**
 * One audited decision (or refused token) of the check API, batch API or interceptor
 * (docs/api.md#decisions). The decision path builds one with {@link #builder}: {@link
 * Builder#refused} for a token that cannot be trusted, {@link Builder#decision} and {@link
 * Builder#policy} for a decided check.
 *
 * @param id the decisionId the caller was given
 * @param workspaceId the workspace
 * @param decidedAt when
 * @param source where the decision was asked for, as stored and shown ({@code check}, {@code
 *     batch}, {@code interceptor} or {@code client}, a {@link Source}'s wire name; a stored text no
 *     version of this one writes is kept as it is, for a newer node's records in a shared database)
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
 * @param attributesJson the token's mapped attributes (its claims as the provider's claim mapping
 *     made them, {@code ext_*} included) as a JSON object's text, what an impact analysis replays
 *     (docs/api.md#impact-analysis); null when not kept ({@code gatehouse.audit.attributes=none}, a
 *     refused token, a record written before attributes were kept). At most {@code
 *     gatehouse.audit.attributes-max-chars} long
 * @param attributesTruncated true when attributes did not fit in that limit and were left out
 * @param contextKept what {@code gatehouse.audit.context} was when the record was made ({@code
 *     full}, {@code keys} or {@code none}), so that a replay tells a check sent without a context
 *     from one whose context was not kept; null for a refused token and older records
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
    String ipAddress,
    String attributesJson,
    boolean attributesTruncated,
    String contextKept) {

  /** A record without what a replay needs (records written before attributes were kept). */
  public DecisionRecord(
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
    this(
        id,
        workspaceId,
        decidedAt,
        source,
        providerId,
        issuer,
        subject,
        resource,
        action,
        contextJson,
        contextTruncated,
        decision,
        reason,
        policyId,
        policyName,
        ruleId,
        errorCode,
        ipAddress,
        null,
        false,
        null);
  }

  /**
   * Where a decision was asked for; stored and shown as its {@link #wireName()} (the audit log's
   * {@code source} column and field, docs/api.md#decisions, and the metrics' {@code source} label).
   */
  public enum Source {
    /** The check API. */
    CHECK("check"),
    /** One check of the batch API. */
    BATCH("batch"),
    /** An {@code @ExternalAuthorize}d call in Gatehouse's own WAR. */
    INTERCEPTOR("interceptor"),
    /**
     * A check the client library's {@code @ExternalAuthorize} made from another application (a
     * check API call whose body says {@code "source": "client"}).
     */
    CLIENT("client");

    private final String wireName;

    Source(String wireName) {
      this.wireName = wireName;
    }

    /**
     * The stored and shown text: {@code check}, {@code batch}, {@code interceptor} or {@code
     * client}.
     */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * A record under construction: who, when and what was asked first, then either {@link #refused}
   * or {@link #decision}.
   *
   * @param id the decisionId
   * @param workspaceId the workspace
   * @param decidedAt when
   * @param source where it was asked for
   */
  public static Builder builder(String id, String workspaceId, Instant decidedAt, Source source) {
    return new Builder(id, workspaceId, decidedAt, source);
  }

  /** Builds a {@link DecisionRecord} by name rather than by position. */
  public static final class Builder {
    private final String id;
    private final String workspaceId;
    private final Instant decidedAt;
    private final Source source;
    private String providerId;
    private String issuer;
    private String subject;
    private String resource;
    private String action;
    private String contextJson;
    private boolean contextTruncated;
    private String decision;
    private String reason;
    private String policyId;
    private String policyName;
    private String ruleId;
    private String errorCode;
    private String ipAddress;
    private String attributesJson;
    private boolean attributesTruncated;
    private String contextKept;

    private Builder(String id, String workspaceId, Instant decidedAt, Source source) {
      this.id = id;
      this.workspaceId = workspaceId;
      this.decidedAt = decidedAt;
      this.source = source;
    }

    /** The provider that vouched for the token (or was chosen by its issuer); nulls for none. */
    public Builder provider(String providerId, String issuer) {
      this.providerId = providerId;
      this.issuer = issuer;
      return this;
    }

    /** The verified subject. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** What was asked: the resource and action of the check. */
    public Builder asked(String resource, String action) {
      this.resource = resource;
      this.action = action;
      return this;
    }

    /** The stored context (JSON text, its keys, or null) and whether members were left out. */
    public Builder context(String contextJson, boolean truncated) {
      this.contextJson = contextJson;
      this.contextTruncated = truncated;
      return this;
    }

    /**
     * What an impact analysis replays (docs/api.md#impact-analysis): the token's mapped attributes
     * as JSON text (or null when not kept) and whether some were left out, and what {@code
     * gatehouse.audit.context} was.
     */
    public Builder replayable(String attributesJson, boolean truncated, String contextKept) {
      this.attributesJson = attributesJson;
      this.attributesTruncated = truncated;
      this.contextKept = contextKept;
      return this;
    }

    /** The end user's address as the check saw it, or null. */
    public Builder ipAddress(String ipAddress) {
      this.ipAddress = ipAddress;
      return this;
    }

    /**
     * A token that cannot be trusted: recorded as a Deny with its code, no reason and no context
     * (an anonymous caller stores nothing of its own, docs/security.md).
     */
    public Builder refused(String errorCode) {
      this.decision = "Deny";
      this.reason = null;
      this.errorCode = errorCode;
      this.subject = null;
      this.contextJson = null;
      this.contextTruncated = false;
      this.attributesJson = null;
      this.attributesTruncated = false;
      this.contextKept = null;
      return this;
    }

    /** The engine's answer: {@code Allow} or {@code Deny}, and its reason. */
    public Builder decision(String decision, String reason) {
      this.decision = decision;
      this.reason = reason;
      this.errorCode = null;
      return this;
    }

    /** The deciding policy and rule; nulls when none decided. */
    public Builder policy(String policyId, String policyName, String ruleId) {
      this.policyId = policyId;
      this.policyName = policyName;
      this.ruleId = ruleId;
      return this;
    }

    /**
     * The record.
     *
     * @throws IllegalStateException when neither {@link #refused} nor {@link #decision} was said
     */
    public DecisionRecord build() {
      if (id == null || workspaceId == null || decidedAt == null || source == null) {
        throw new IllegalStateException("a decision record needs its id, workspace, time, source");
      }
      if (decision == null) {
        throw new IllegalStateException("a decision record needs a decision or a refusal");
      }
      if (errorCode != null
          && (contextJson != null
              || attributesJson != null
              || subject != null
              || policyId != null
              || policyName != null
              || ruleId != null)) {
        throw new IllegalStateException(
            "a refused token keeps no context, attributes, subject, policy or rule");
      }
      return new DecisionRecord(
          id,
          workspaceId,
          decidedAt,
          source.wireName(),
          providerId,
          issuer,
          subject,
          resource,
          action,
          contextJson,
          contextTruncated,
          decision,
          reason,
          policyId,
          policyName,
          ruleId,
          errorCode,
          ipAddress,
          attributesJson,
          attributesTruncated,
          contextKept);
    }
  }

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
                + chars(ipAddress)
                + chars(attributesJson)
                + chars(contextKept));
  }

  private static int chars(String s) {
    return s == null ? 0 : s.length();
  }
}
