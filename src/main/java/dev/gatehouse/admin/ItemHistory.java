package dev.gatehouse.admin;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.ItemVersionStore;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.StoreConflict;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Records and reads the versions of stored policies and providers
 * (docs/api.md#versions-and-rollback). Recording joins the caller's transaction, so a write and its
 * version commit together; callers own the transaction.
 */
@ApplicationScoped
public class ItemHistory {
  /** A version number as a path segment or query parameter: 1 to 18 digits, no sign. */
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

  @Inject Clock clock;
  @Inject ItemVersionStore store;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject ChangeLog changes;

  /** What kind of item a version belongs to. */
  public enum Kind {
    POLICY,
    PROVIDER;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What wrote a version. */
  public enum Operation {
    CREATE,
    UPDATE,
    ROLLBACK,
    DELETE,
    /**
     * The content an item had before its first write that kept a version (a write made by an older
     * Gatehouse, or before history was kept): recorded just before that write.
     */
    BASELINE;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Before a write: records the item's current content as its version {@code version} when no
   * version of that number is kept (an item stored before history was kept), so that every write
   * keeps the version before it (docs/api.md#versions-and-rollback). By {@code unknown}, at the
   * item's {@code updatedAt}.
   */
  void baseline(
      String workspaceId,
      Kind kind,
      String itemId,
      long version,
      Instant updatedAt,
      Map<String, Object> content) {
    if (store.find(workspaceId, kind.code(), itemId, version).isEmpty()) {
      insert(workspaceId, kind, itemId, version, Operation.BASELINE, null, updatedAt, content);
    }
  }

  /**
   * Deletes an item through {@code deleteRow} and keeps its last content as its final version
   * ({@code version} + 1, operation delete): history outlives the item. The content is recorded
   * after the row's delete, whose version check makes a concurrent write of the same item a 409
   * before any history is written.
   */
  void deleted(
      String workspaceId,
      Kind kind,
      String itemId,
      long version,
      Instant updatedAt,
      Map<String, Object> last,
      String by,
      Runnable deleteRow) {
    baseline(workspaceId, kind, itemId, version, updatedAt, last);
    try {
      deleteRow.run();
    } catch (StoreConflict e) {
      throw new ConflictException(
          kind.code() + " " + itemId + " was changed or deleted concurrently; read it again");
    }
    record(workspaceId, kind, itemId, version + 1, Operation.DELETE, by, last);
  }

  /** Records {@code content} (plain Java values) as version {@code version} of the item. */
  void record(
      String workspaceId,
      Kind kind,
      String itemId,
      long version,
      Operation op,
      String by,
      Map<String, Object> content) {
    insert(workspaceId, kind, itemId, version, op, by, ClockAndIds.now(clock), content);
    if (op == Operation.BASELINE) {
      return; // not a write of this request: what an older Gatehouse left
    }
    // Who changed what (docs/api.md#change-log), in the same transaction; the entry points at the
    // versions, the content stays here.
    changes.record(
        workspaceId,
        null,
        kind == Kind.POLICY ? ChangeLog.Kind.POLICY : ChangeLog.Kind.PROVIDER,
        itemId,
        content.get("name") instanceof String name ? name : null,
        ChangeLog.Operation.valueOf(op.name()),
        op == Operation.CREATE ? null : version - 1,
        version,
        by,
        null);
  }

  private void insert(
      String workspaceId,
      Kind kind,
      String itemId,
      long version,
      Operation op,
      String by,
      Instant at,
      Map<String, Object> content) {
    try {
      store.insert(
          workspaceId,
          kind.code(),
          itemId,
          version,
          op.code(),
          changedBy(by),
          at,
          Json.toJson(content).toString());
    } catch (StoreConflict e) {
      // Another write of the same item made this version first (docs/api.md#versions-and-rollback).
      throw new ConflictException(
          kind.code() + " " + itemId + " was changed concurrently; read it again and retry");
    }
  }

  /** The user recorded: the admin user name, cut to the column's 255 characters; never empty. */
  static String changedBy(String by) {
    if (by == null || by.isEmpty()) {
      return "unknown";
    }
    return by.length() <= 255 ? by : by.substring(0, 255);
  }

  /** One page of the item's versions, newest first, without content. */
  Page<VersionView> list(String workspaceId, Kind kind, String itemId, PageRequest page) {
    Long before = page.afterId() == null ? null : Long.valueOf(page.afterId());
    List<ItemVersionStore.Row> rows =
        store.list(workspaceId, kind.code(), itemId, before, page.limit() + 1);
    List<VersionView> items = new ArrayList<>();
    for (int i = 0; i < Math.min(rows.size(), page.limit()); i++) {
      items.add(view(rows.get(i)));
    }
    String next =
        rows.size() > page.limit() ? String.valueOf(items.get(items.size() - 1).version()) : null;
    return new Page<>(items, next);
  }

  /**
   * Version {@code n} (a path segment) of the item, with its content; 404 when there is none, 409
   * when its stored content is not a JSON object (a row edited by hand): it can be neither shown,
   * compared nor rolled back to (docs/api.md#versions-and-rollback).
   */
  VersionView require(String workspaceId, Kind kind, String itemId, String n, String what) {
    VersionView v =
        find(workspaceId, kind, itemId, n)
            .orElseThrow(() -> new NotFoundException(what + " has no version " + printable(n)));
    if (!readable(v.contentJson())) {
      throw new ConflictException(
          what
              + ": the stored content of version "
              + v.version()
              + " cannot be read (it is not a JSON object); it cannot be shown, compared or"
              + " rolled back to. Choose another version");
    }
    return v;
  }

  /** True when {@code json} is a JSON object as Gatehouse stores a version's content. */
  static boolean readable(String json) {
    if (json == null) {
      return false;
    }
    try {
      return Json.parse(json, Json.MAX_STORED_NUMBER_CHARS).getValueType()
          == jakarta.json.JsonValue.ValueType.OBJECT;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Version {@code n}, when {@code n} is a version number the item has. */
  Optional<VersionView> find(String workspaceId, Kind kind, String itemId, String n) {
    if (n == null || !NUMBER.matcher(n).matches()) {
      return Optional.empty();
    }
    return store.find(workspaceId, kind.code(), itemId, Long.parseLong(n)).map(ItemHistory::view);
  }

  /**
   * The changes from version {@code n} to version {@code to} (a query parameter: 400 when it is not
   * a version number, 404 when the item has no such version).
   */
  List<JsonDiff.Change> diff(
      String workspaceId, Kind kind, String itemId, String n, String to, String what) {
    VersionView from = require(workspaceId, kind, itemId, n, what);
    if (to == null || !NUMBER.matcher(to).matches()) {
      throw new ValidationException(
          "", "query parameter 'to' must be a version number (digits only, at most 18)");
    }
    VersionView other = require(workspaceId, kind, itemId, to, what);
    return JsonDiff.diff(
        Json.parse(from.contentJson(), Json.MAX_STORED_NUMBER_CHARS),
        Json.parse(other.contentJson(), Json.MAX_STORED_NUMBER_CHARS));
  }

  /** A policy's content: its writable members as the admin API shows them. */
  static Map<String, Object> content(PolicyView p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("description", p.description());
    m.put("resources", new ArrayList<>(new TreeSet<>(p.resources())));
    m.put("actions", new ArrayList<>(new TreeSet<>(p.actions())));
    Object spec;
    try {
      spec = Json.parse(p.specificationJson(), Json.MAX_STORED_NUMBER_CHARS);
    } catch (RuntimeException e) {
      // Written by hand into the database: kept as the text it is.
      spec = p.specificationJson();
    }
    m.put("specification", spec);
    return m;
  }

  /**
   * A provider's content: its writable members as the admin API shows them, in the canonical form
   * an export writes (docs/api.md#export-and-import).
   */
  static Map<String, Object> content(TrustedProvider p) {
    return WorkspaceDocument.provider(p);
  }

  // ------------------------------------------- the reads of GET …/versions, one version, a diff

  /** Runs {@code read} in a transaction on the workspace named {@code workspace} (404: none). */
  <T> T inWorkspace(String workspace, Function<WorkspaceEntity, T> read) {
    return tx.run(() -> read.apply(workspaces.require(workspace)));
  }

  /**
   * One page of the item's versions in {@code ws}; when it has none at all, {@code requireLive}
   * answers 404 for an item that does not exist either (docs/api.md#versions-and-rollback).
   */
  Page<VersionView> versions(
      WorkspaceEntity ws,
      Kind kind,
      String itemId,
      PageRequest page,
      Consumer<WorkspaceEntity> requireLive) {
    Page<VersionView> versions = list(ws.getId(), kind, itemId, page);
    if (versions.items().isEmpty() && page.afterId() == null) {
      requireLive.accept(ws);
    }
    return versions;
  }

  /** Version {@code n} of the item of the workspace named {@code workspace}, with its content. */
  VersionView version(String workspace, Kind kind, String itemId, String n) {
    return inWorkspace(workspace, ws -> require(ws.getId(), kind, itemId, n, label(kind, itemId)));
  }

  /** The changes from version {@code n} to {@code to} of the item of the named workspace. */
  List<JsonDiff.Change> diff(String workspace, Kind kind, String itemId, String n, String to) {
    return inWorkspace(workspace, ws -> diff(ws.getId(), kind, itemId, n, to, label(kind, itemId)));
  }

  private static String label(Kind kind, String itemId) {
    return kind.code() + " " + itemId;
  }

  private static VersionView view(ItemVersionStore.Row r) {
    return new VersionView(r.version(), r.operation(), r.changedBy(), r.changedAt(), r.content());
  }

  /** A path segment fit for a message: short, printable. */
  private static String printable(String n) {
    String s = n == null ? "" : n;
    if (s.length() > 20 || !s.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
      return "(not a version number)";
    }
    return s;
  }
}
