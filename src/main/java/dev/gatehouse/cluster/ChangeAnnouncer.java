package dev.gatehouse.cluster;

import dev.gatehouse.catalog.KeysRefreshed;
import dev.gatehouse.catalog.PoliciesChanged;
import dev.gatehouse.catalog.ProvidersChanged;
import dev.gatehouse.catalog.WorkspaceRemoved;
import dev.gatehouse.catalog.WorkspaceRenamed;
import dev.gatehouse.store.Change;
import dev.gatehouse.store.ChangeStore;
import dev.gatehouse.store.IdGenerator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Writes every admin change into the change log while its transaction is still open (these
 * observers run when the event is fired, not after commit): a write that rolls back announces
 * nothing, and one that cannot be announced does not commit.
 */
@ApplicationScoped
public class ChangeAnnouncer {
  @Inject ChangeStore store;
  @Inject IdGenerator ids;

  /** This node, for as long as the application runs: its own changes need no reload. */
  private volatile String nodeId;

  @PostConstruct
  void init() {
    nodeId = ids.newId();
  }

  /** The id this node writes into the change log. */
  public String nodeId() {
    return nodeId;
  }

  void policy(@Observes PoliciesChanged e) {
    store.announce(nodeId, e.workspaceId(), Change.Kind.POLICY, e.policyId());
  }

  void provider(@Observes ProvidersChanged e) {
    store.announce(nodeId, e.workspaceId(), Change.Kind.PROVIDER, e.providerId());
  }

  void keys(@Observes KeysRefreshed e) {
    store.announce(nodeId, e.workspaceId(), Change.Kind.KEYS, e.providerId());
  }

  void renamed(@Observes WorkspaceRenamed e) {
    store.announce(nodeId, e.workspaceId(), Change.Kind.WORKSPACE_RENAMED, e.workspaceId());
  }

  void removed(@Observes WorkspaceRemoved e) {
    store.announce(nodeId, e.workspaceId(), Change.Kind.WORKSPACE_REMOVED, e.workspaceId());
  }
}
