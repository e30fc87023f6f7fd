package dev.gatehouse.error;

/** A policy decision denied an annotated call (403 {@code forbidden}), with its audit id. */
public class DeniedException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  private final String decisionId;
  private final String reason;
  private final String policy;

  public DeniedException(String decisionId, String reason, String policy, String detail) {
    super(detail);
    this.decisionId = decisionId;
    this.reason = reason;
    this.policy = policy;
  }

  /** The decision's id in the audit log. */
  public String decisionId() {
    return decisionId;
  }

  /** {@code rule_matched}, {@code default_effect} or {@code no_applicable_policy}. */
  public String reason() {
    return reason;
  }

  /** The deciding policy's name, or null. */
  public String policy() {
    return policy;
  }
}
