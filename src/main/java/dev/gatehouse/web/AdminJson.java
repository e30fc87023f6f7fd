package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyView;
import dev.gatehouse.admin.ProviderView;
import dev.gatehouse.admin.VersionView;
import dev.gatehouse.admin.WorkspaceView;
import dev.gatehouse.admin.Written;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.Page;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.TrustedProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The admin API's JSON shapes (docs/api.md#envelope, #paging): items, {@code {data}} envelopes and
 * pages.
 */
final class AdminJson {
  private AdminJson() {}

  static JsonObject workspace(WorkspaceView w) {
    return Json.provider()
        .createObjectBuilder()
        .add("id", w.id())
        .add("name", w.name())
        .add("description", Json.stringOrNull(w.description()))
        .add("createdAt", w.createdAt().toString())
        .add("updatedAt", w.updatedAt().toString())
        .add("version", w.version())
        .build();
  }

  static JsonObject provider(ProviderView view) {
    TrustedProvider p = view.provider();
    JsonArrayBuilder mappings = Json.provider().createArrayBuilder();
    for (ClaimMapping m : p.claimMappings()) {
      JsonObjectBuilder b =
          Json.provider()
              .createObjectBuilder()
              .add("jwtPath", m.jwtPath())
              .add("attribute", m.attribute())
              .add("required", m.required());
      if (m.defaultValue() != null) {
        b.add("defaultValue", m.defaultValue());
      }
      mappings.add(b);
    }
    JsonObjectBuilder b =
        Json.provider()
            .createObjectBuilder()
            .add("id", p.id())
            .add("name", p.name())
            .add("providerType", p.type())
            .add("issuer", p.issuer())
            .add("jwksUri", Json.stringOrNull(p.jwksUri()))
            .add("allowedAudiences", Json.strings(p.allowedAudiences()))
            .add("authorizedParties", Json.strings(p.authorizedParties()))
            .add("clockSkewSeconds", p.clockSkewSeconds())
            .add("allowedAlgorithms", Json.strings(p.allowedAlgorithms()))
            .add("claimMappings", mappings)
            .add("readOnly", p.readOnly());
    if (p.readOnly()) {
      b.add("configKey", p.configKey() + ".*");
    }
    return b.add("createdAt", view.createdAt().toString())
        .add("updatedAt", view.updatedAt().toString())
        .add("version", p.version())
        .build();
  }

  /**
   * A policy as stored, with {@code status}: {@code "ok"}, or {@code "broken"} and the {@code
   * error} that keeps it from compiling (it then denies the checks it covers: docs/security.md,
   * "Readiness and failing closed"). A specification that is not even JSON is shown as null.
   */
  static JsonObject policy(PolicyView p) {
    JsonValue specification;
    try {
      specification = Json.parse(p.specificationJson());
    } catch (RuntimeException e) {
      specification = JsonValue.NULL;
    }
    return Json.provider()
        .createObjectBuilder()
        .add("id", p.id())
        .add("name", p.name())
        .add("description", Json.stringOrNull(p.description()))
        .add("resources", Json.strings(new TreeSet<>(p.resources())))
        .add("actions", Json.strings(new TreeSet<>(p.actions())))
        .add("specification", specification)
        .add("status", p.problem() == null ? "ok" : "broken")
        .add("error", Json.stringOrNull(p.problem()))
        .add("createdAt", p.createdAt().toString())
        .add("updatedAt", p.updatedAt().toString())
        .add("version", p.version())
        .build();
  }

  /**
   * One version of a policy or provider (docs/api.md#versions-and-rollback): {@code version},
   * {@code operation}, {@code changedBy}, {@code changedAt}, and its {@code content} when read
   * alone.
   */
  static JsonObject version(VersionView v) {
    JsonObjectBuilder b =
        Json.provider()
            .createObjectBuilder()
            .add("version", v.version())
            .add("operation", v.operation())
            .add("changedBy", v.changedBy())
            .add("changedAt", v.changedAt().toString());
    if (v.contentJson() != null) {
      b.add("content", Json.parse(v.contentJson(), Json.MAX_STORED_NUMBER_CHARS));
    }
    return b.build();
  }

  /**
   * {@code {from, to, changes: [{op, path, from?, to?}]}}: what changed between two versions
   * (docs/api.md#versions-and-rollback).
   */
  static JsonObject diff(String from, String to, List<JsonDiff.Change> changes) {
    JsonArrayBuilder list = Json.provider().createArrayBuilder();
    for (JsonDiff.Change c : changes) {
      JsonObjectBuilder b =
          Json.provider().createObjectBuilder().add("op", c.op().code()).add("path", c.path());
      if (c.from() != null) {
        b.add("from", c.from());
      }
      if (c.to() != null) {
        b.add("to", c.to());
      }
      list.add(b);
    }
    return Json.provider()
        .createObjectBuilder()
        .add("from", Long.parseLong(from))
        .add("to", Long.parseLong(to))
        .add("changes", list)
        .build();
  }

  /** {@code {"data": item}} with the item's version as ETag. */
  static Response item(JsonObject item) {
    return Response.ok(envelope(item, null)).tag(etag(item)).build();
  }

  /** 200 {@code {"data": item, "warnings": [...]}} after an update. */
  static <T> Response written(Written<T> w, Function<T, JsonObject> toJson) {
    JsonObject item = toJson.apply(w.value());
    return Response.ok(envelope(item, w)).tag(etag(item)).build();
  }

  /**
   * 201 {@code {"data": item, "warnings": [...]}} after a create, with its Location: the list's URL
   * plus the item's {@code key} member.
   */
  static <T> Response created(
      Written<T> w, Function<T, JsonObject> toJson, UriInfo uri, String key) {
    JsonObject item = toJson.apply(w.value());
    URI location = uri.getAbsolutePathBuilder().path(item.getString(key)).build();
    return Response.created(location).entity(envelope(item, w)).tag(etag(item)).build();
  }

  /** Reads a boolean query parameter strictly ("true" / "false"). */
  static boolean flag(String name, String value) {
    if (value == null || value.isEmpty() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new ValidationException("", "query parameter '" + name + "' must be true or false");
  }

  /** {@code {"data": [...], "nextCursor": "..." | null}}. */
  static <T> JsonObject page(Page<T> page, Function<T, JsonObject> toJson) {
    JsonArrayBuilder data = Json.provider().createArrayBuilder();
    page.items().forEach(i -> data.add(toJson.apply(i)));
    return Json.provider()
        .createObjectBuilder()
        .add("data", data)
        .add("nextCursor", Json.stringOrNull(PageQuery.cursorAfter(page.nextAfter())))
        .build();
  }

  /** {@code {"data": data}}: the envelope of every admin answer without warnings. */
  static JsonObject data(JsonValue data) {
    return envelope(data, null);
  }

  private static JsonObject envelope(JsonValue data, Written<?> written) {
    JsonObjectBuilder b = Json.provider().createObjectBuilder().add("data", data);
    if (written != null && !written.warnings().isEmpty()) {
      b.add("warnings", Json.strings(written.warnings()));
    }
    return b.build();
  }

  private static EntityTag etag(JsonObject item) {
    return new EntityTag(String.valueOf(item.getJsonNumber("version").longValue()));
  }
}
