package dev.gatehouse.store;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A policy test case (docs/api.md#policy-tests): its name and description as columns, the rest
 * (input, resource, action, context, ipAddress, expect) as the JSON text that was validated.
 */
@Entity
@Table(name = "gh_policy_test")
public class PolicyTestEntity extends WorkspaceItemEntity {
  @Column(name = "description", length = 1024)
  private String description;

  @Lob
  @Basic(fetch = FetchType.EAGER)
  @Column(name = "case_json", nullable = false)
  private String caseJson;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getCaseJson() {
    return caseJson;
  }

  public void setCaseJson(String caseJson) {
    this.caseJson = caseJson;
  }
}
