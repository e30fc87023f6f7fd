package dev.gatehouse.admin;

import dev.gatehouse.audit.DecisionFilter;
import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.audit.JdbcDecisionStore;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.store.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the audit log: filtered, newest first, paged after the last id shown (web/ makes the
 * cursor).
 */
@ApplicationScoped
public class DecisionService {
  @Inject WorkspaceService workspaces;
  @Inject JdbcDecisionStore store;

  /**
   * One page of records and the id the next page starts after (null on the last).
   *
   * @param nextAfter the last record's id when more follow, or null
   */
  public record Found(List<DecisionRecord> records, String nextAfter) {
    public Found {
      records = List.copyOf(records);
    }
  }

  /**
   * One page of the workspace's records that match the filter, newest first.
   *
   * @param paging where the page starts and how long it is; read only once the workspace is known
   *     to exist, so that an unknown workspace is a 404 whatever the query says
   */
  public Found find(
      String workspace,
      String subject,
      String resource,
      String action,
      String decision,
      String from,
      String to,
      Supplier<PageRequest> paging) {
    String workspaceId = workspaces.get(workspace).id();
    PageRequest page = paging.get();
    List<FieldError> errors = new ArrayList<>();
    if (decision != null && !decision.equals("Allow") && !decision.equals("Deny")) {
      errors.add(new FieldError("", "query parameter 'decision' must be Allow or Deny"));
    }
    Instant fromT = QueryInstants.parse("from", from, errors);
    Instant toT = QueryInstants.parse("to", to, errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    DecisionFilter f =
        new DecisionFilter(
            workspaceId,
            blank(subject),
            blank(resource),
            blank(action),
            decision,
            fromT,
            toT,
            page.afterId(),
            page.limit() + 1);
    try {
      List<DecisionRecord> rows = store.find(f);
      if (rows.size() <= page.limit()) {
        return new Found(rows, null);
      }
      List<DecisionRecord> items = List.copyOf(rows.subList(0, page.limit()));
      return new Found(items, items.get(items.size() - 1).id());
    } catch (SQLException e) {
      throw new IllegalStateException("reading the audit log failed", e);
    }
  }

  public DecisionRecord get(String workspace, String id) {
    String workspaceId = workspaces.get(workspace).id();
    try {
      return store
          .get(workspaceId, id)
          .orElseThrow(
              () ->
                  new NotFoundException("no decision " + id + " in workspace '" + workspace + "'"));
    } catch (SQLException e) {
      throw new IllegalStateException("reading the audit log failed", e);
    }
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
