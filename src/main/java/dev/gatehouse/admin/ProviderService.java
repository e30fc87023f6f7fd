package dev.gatehouse.admin;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.store.Ids;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.ProviderEntity;
import dev.gatehouse.store.ProviderStore;
import dev.gatehouse.store.WorkspaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Registers, reads, lists, updates and deletes the token providers of a workspace. */
@ApplicationScoped
public class ProviderService {
  @Inject WorkspaceService workspaces;
  @Inject ProviderStore store;

  @Inject
  @ConfigProperty(name = "gatehouse.dev.allow-http-jwks", defaultValue = "false")
  boolean allowHttp;

  @Transactional
  public ProviderEntity get(String workspace, String id) {
    return require(workspaces.require(workspace), id);
  }

  @Transactional
  public Page<ProviderEntity> list(String workspace, PageRequest page) {
    return store.list(workspaces.require(workspace).getId(), page);
  }

  @Transactional
  public Written<ProviderEntity> create(String workspace, Object body) {
    WorkspaceEntity ws = workspaces.require(workspace);
    ProviderInput in = ProviderInput.read(body, allowHttp);
    checkIssuerFree(ws, in, null);
    Instant now = Ids.now();
    ProviderEntity p = new ProviderEntity();
    p.setId(Ids.newId());
    p.setWorkspaceId(ws.getId());
    p.setCreatedAt(now);
    in.applyTo(p, now);
    try {
      store.insert(p);
    } catch (PersistenceException e) {
      throw WorkspaceService.conflictOr(e, issuerTaken(in.issuer(), workspace));
    }
    return new Written<>(p, in.warnings());
  }

  @Transactional
  public Written<ProviderEntity> update(String workspace, String id, Object body, String ifMatch) {
    WorkspaceEntity ws = workspaces.require(workspace);
    ProviderEntity p = require(ws, id);
    ProviderInput in = ProviderInput.read(body, allowHttp);
    Versions.check("provider " + id, Versions.expected(ifMatch, in.version()), p.getVersion());
    checkIssuerFree(ws, in, id);
    in.applyTo(p, Ids.now());
    try {
      store.flush();
    } catch (PersistenceException e) {
      throw WorkspaceService.conflictOr(e, "provider " + id + " was changed concurrently");
    }
    return new Written<>(p, in.warnings());
  }

  @Transactional
  public void delete(String workspace, String id) {
    store.delete(require(workspaces.require(workspace), id));
  }

  private void checkIssuerFree(WorkspaceEntity ws, ProviderInput in, String exceptId) {
    store
        .findByIssuerHash(ws.getId(), in.issuerHash(), exceptId)
        .ifPresent(
            other -> {
              throw new ConflictException(
                  issuerTaken(in.issuer(), ws.getName()) + " (provider " + other.getId() + ")");
            });
  }

  private static String issuerTaken(String issuer, String workspace) {
    return "issuer '" + issuer + "' is already registered in workspace '" + workspace + "'";
  }

  private ProviderEntity require(WorkspaceEntity ws, String id) {
    return store
        .find(ws.getId(), id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no provider " + id + " in workspace '" + ws.getName() + "'"));
  }
}
