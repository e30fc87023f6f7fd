package dev.gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** What policies and providers share: the workspace they belong to and a name unique within it. */
@MappedSuperclass
public abstract class WorkspaceItemEntity extends StoredEntity {
  @Column(name = "workspace_id", nullable = false, length = 36)
  private String workspaceId;

  @Column(name = "name", nullable = false)
  private String name;

  public String getWorkspaceId() {
    return workspaceId;
  }

  public void setWorkspaceId(String workspaceId) {
    this.workspaceId = workspaceId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
