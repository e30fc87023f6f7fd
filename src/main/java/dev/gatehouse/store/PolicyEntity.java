package dev.gatehouse.store;

import jakarta.persistence.Basic;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A policy: its specification kept as the JSON text that was written, and the resources and actions
 * it applies to kept in their own tables so they can be queried.
 */
@Entity
@Table(name = "gh_policy")
public class PolicyEntity extends WorkspaceItemEntity {
  @Column(name = "description", length = 1024)
  private String description;

  @Lob
  @Basic(fetch = FetchType.EAGER)
  @Column(name = "specification", nullable = false)
  private String specificationJson;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "gh_policy_resource", joinColumns = @JoinColumn(name = "policy_id"))
  @Column(name = "resource_name")
  private Set<String> resources = new LinkedHashSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "gh_policy_action", joinColumns = @JoinColumn(name = "policy_id"))
  @Column(name = "action_name")
  private Set<String> actions = new LinkedHashSet<>();

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getSpecificationJson() {
    return specificationJson;
  }

  public void setSpecificationJson(String specificationJson) {
    this.specificationJson = specificationJson;
  }

  public Set<String> getResources() {
    return resources;
  }

  public void setResources(Set<String> resources) {
    this.resources.clear();
    this.resources.addAll(resources);
  }

  public Set<String> getActions() {
    return actions;
  }

  public void setActions(Set<String> actions) {
    this.actions.clear();
    this.actions.addAll(actions);
  }
}
