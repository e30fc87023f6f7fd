package dev.gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A workspace (tenant): the scope of providers, policies and decisions. */
@Entity
@Table(name = "gh_workspace")
public class WorkspaceEntity extends StoredEntity {
  @Column(name = "name", nullable = false, length = 63)
  private String name;

  @Column(name = "description", length = 1024)
  private String description;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }
}
