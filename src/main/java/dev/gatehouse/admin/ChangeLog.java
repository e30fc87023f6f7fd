package dev.gatehouse.admin;

import dev.gatehouse.catalog.WorkspaceNames;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.store.AdminChangeStore;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.IdGenerator;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The admin change log (docs/api.md#change-log): who changed what. Every create, update, rename,
 * delete and rollback of workspaces, providers, policies and policy test cases, and every key
 * refresh, is recorded in the write's own transaction (a write that fails records nothing); failed
 * admin sign-ins are recorded aggregated ({@link FailedSignIns}). Never a secret: no password, no
 * token, no key, no content (the versions hold content; an entry names them).
 */
@ApplicationScoped
public class ChangeLog {
  private static final Logger LOG = Logger.getLogger(ChangeLog.class.getName());

  /** Who a write made without an admin request is recorded as (start-up, the server itself). */
  public static final String SYSTEM = "system";

  /** The client address of such a write. */
  static final String NO_ADDRESS = "local";

  /** Longest column values (docs/api.md#change-log). */
  private static final int MAX_BY = 255;

  private static final int MAX_ADDRESS = 64;
  private static final int MAX_NAME = 255;
  private static final int MAX_DETAIL = 255;

  /** An item id in the {@code item} filter: a stored id or a configured provider's id. */
  private static final Pattern ITEM_ID = Pattern.compile("[a-z0-9-]{1,128}");

  /** A workspace id in the {@code workspace} filter. */
  private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");

  /** The kinds of item an entry is about. */
  public enum Kind {
    WORKSPACE,
    PROVIDER,
    POLICY,
    POLICY_TEST,
    KEYS,
    SIGN_IN;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What an entry records. */
  public enum Operation {
    CREATE,
    UPDATE,
    RENAME,
    DELETE,
    ROLLBACK,
    REFRESH,
    SIGN_IN_FAILED;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Inject Clock clock;
  @Inject IdGenerator ids;
  @Inject AdminChangeStore store;
  @Inject WorkspaceStore workspaces;
  @Inject WorkspaceService workspaceService;
  @Inject Transactions tx;
  @Inject Instance<AdminRequest> request;

  private final FailedSignIns failedSignIns = new FailedSignIns();
  private volatile long lastWarningMinute = Long.MIN_VALUE;

  /**
   * Records one admin write in the caller's transaction (which must be open): by the request's
   * admin user (or {@code by} when the request has none), from its client address.
   *
   * @param workspaceName the workspace's name now; null to look it up by its id
   */
  void record(
      String workspaceId,
      String workspaceName,
      Kind kind,
      String itemId,
      String itemName,
      Operation op,
      Long fromVersion,
      Long toVersion,
      String by,
      String detail) {
    Optional<AdminRequest> r = current();
    String user = r.map(AdminRequest::user).orElse(null);
    if (user == null) {
      user = by != null && !by.isEmpty() ? by : SYSTEM;
    }
    String address = r.map(AdminRequest::clientAddress).orElse(null);
    String wsName = workspaceName;
    if (wsName == null && workspaceId != null) {
      wsName = workspaces.nameOf(workspaceId).orElse(null);
    }
    store.insert(
        new AdminChangeStore.Row(
            ids.newId(),
            ClockAndIds.now(clock),
            workspaceId,
            wsName,
            kind.code(),
            itemId,
            cut(itemName, MAX_NAME),
            op.code(),
            fromVersion,
            toVersion,
            cut(user, MAX_BY),
            cut(address == null ? NO_ADDRESS : SignInLog.escape(address), MAX_ADDRESS),
            1,
            cut(detail, MAX_DETAIL)));
  }

  /**
   * Records a failed admin sign-in (401 or 429) of {@code user} from {@code address}, folded into
   * at most one entry per address and minute ({@link FailedSignIns}), in its own short transaction.
   * Never throws: the sign-in is refused whatever happens here; a failure is logged at most once a
   * minute.
   */
  void signInFailed(String user, String address, boolean throttled) {
    Instant now = ClockAndIds.now(clock);
    long minute = now.getEpochSecond() / 60;
    try {
      FailedSignIns.Write w =
          failedSignIns.failed(
              user,
              address == null ? null : cut(SignInLog.escape(address), MAX_ADDRESS),
              throttled,
              minute,
              ids::newId);
      List<FailedSignIns.Write> due = signInWrites.due(w, System.nanoTime());
      if (!due.isEmpty()) {
        tx.run(() -> due.forEach(d -> write(d, now)));
      }
    } catch (RuntimeException e) {
      warnOnce(minute, e);
    }
  }

  /** Failed sign-ins' raised counts, written at most once a second per entry. */
  private final SignInWrites signInWrites = new SignInWrites();

  /** Writes the raised counts kept for later, before the log is read: a reader sees every one. */
  private void flushUnwritten() {
    List<FailedSignIns.Write> due = signInWrites.drain();
    if (!due.isEmpty()) {
      Instant now = ClockAndIds.now(clock);
      try {
        tx.run(() -> due.forEach(d -> write(d, now)));
      } catch (RuntimeException e) {
        warnOnce(now.getEpochSecond() / 60, e);
      }
    }
  }

  private void write(FailedSignIns.Write w, Instant now) {
    if (w.insert()) {
      store.insert(
          new AdminChangeStore.Row(
              w.id(),
              now,
              null,
              null,
              Kind.SIGN_IN.code(),
              null,
              null,
              Operation.SIGN_IN_FAILED.code(),
              null,
              null,
              cut(w.user(), MAX_BY),
              w.address(),
              w.attempts(),
              w.detail()));
    } else {
      store.updateAttempts(w.id(), w.attempts(), cut(w.user(), MAX_BY), w.detail());
    }
  }

  private void warnOnce(long minute, RuntimeException e) {
    if (lastWarningMinute != minute) {
      lastWarningMinute = minute;
      LOG.warning(
          "Cannot record a failed admin sign-in in the change log ("
              + e.getClass().getName()
              + "); the sign-in was refused all the same");
    }
  }

  /**
   * One page of the entries that match, newest first (docs/api.md#change-log).
   *
   * @param workspace a workspace name or id (null for all); a name resolves to the workspace's id
   *     (so entries made before a rename match) and also matches entries recorded under that name
   *     (a workspace deleted since)
   * @param item an item id (null for all)
   * @param from entries at or after this ISO-8601 instant (null: no bound)
   * @param to entries before this ISO-8601 instant (null: no bound)
   * @throws ValidationException for a parameter that is not what it should be
   */
  public Page<AdminChangeStore.Row> list(
      String workspace, String item, String from, String to, PageRequest page) {
    flushUnwritten();
    List<FieldError> errors = new ArrayList<>();
    ChangeQuery q = ChangeQuery.parse(workspace, item, from, to, errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return tx.run(
        () -> {
          String wsId = null;
          String wsName = null;
          if (q.workspace() != null) {
            if (UUID.matcher(q.workspace()).matches()) {
              wsId = q.workspace();
            } else {
              wsName = q.workspace();
              wsId = workspaces.idOf(wsName).orElse(null);
            }
          }
          return page(wsId, wsName, q, page);
        });
  }

  /** One page of the entries of the workspace named {@code workspace}; 404 when there is none. */
  public Page<AdminChangeStore.Row> listWorkspace(
      String workspace, String item, String from, String to, PageRequest page) {
    flushUnwritten();
    return tx.run(
        () -> {
          String wsId = workspaceService.require(workspace).getId();
          List<FieldError> errors = new ArrayList<>();
          ChangeQuery q = ChangeQuery.parse(null, item, from, to, errors);
          if (!errors.isEmpty()) {
            throw new ValidationException(errors);
          }
          return page(wsId, null, q, page);
        });
  }

  private Page<AdminChangeStore.Row> page(
      String wsId, String wsName, ChangeQuery q, PageRequest page) {
    List<AdminChangeStore.Row> rows =
        store.list(
            new AdminChangeStore.Filter(
                wsId, wsName, q.item(), q.from(), q.to(), page.afterId(), page.limit() + 1));
    List<AdminChangeStore.Row> items =
        List.copyOf(rows.subList(0, Math.min(rows.size(), page.limit())));
    String next = rows.size() > page.limit() ? items.get(items.size() - 1).id() : null;
    return new Page<>(items, next);
  }

  /** The filters of a change-log listing, checked (docs/api.md#change-log). */
  record ChangeQuery(String workspace, String item, Instant from, Instant to) {
    /** Reads the query parameters; each error is added to {@code errors} (pointer "", by name). */
    static ChangeQuery parse(
        String workspace, String item, String from, String to, List<FieldError> errors) {
      String ws = blank(workspace);
      if (ws != null && !WorkspaceNames.isPossibleName(ws) && !UUID.matcher(ws).matches()) {
        errors.add(
            new FieldError(
                "", "query parameter 'workspace' must be a workspace name or a workspace id"));
        ws = null;
      }
      String it = blank(item);
      if (it != null && !ITEM_ID.matcher(it).matches()) {
        errors.add(
            new FieldError(
                "",
                "query parameter 'item' must be an item id (1–128 lower-case letters, digits and"
                    + " '-')"));
        it = null;
      }
      Instant f = QueryInstants.parseStorable("from", from, errors);
      Instant t = QueryInstants.parseStorable("to", to, errors);
      return new ChangeQuery(ws, it, f, t);
    }

    private static String blank(String s) {
      return s == null || s.isEmpty() ? null : s;
    }
  }

  private Optional<AdminRequest> current() {
    try {
      AdminRequest r = request.get();
      r.user(); // touches the bean: throws when no request is active
      return Optional.of(r);
    } catch (ContextNotActiveException e) {
      return Optional.empty();
    }
  }

  /** {@code s} cut to {@code max} characters; null stays null. */
  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
