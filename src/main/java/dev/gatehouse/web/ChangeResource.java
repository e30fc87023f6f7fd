package dev.gatehouse.web;

import dev.gatehouse.admin.ChangeLog;
import dev.gatehouse.json.Json;
import dev.gatehouse.store.AdminChangeStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the change log across workspaces, who changed what (docs/api.md#change-log). */
@Path("api/v1/admin/changes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {
  @Inject ChangeLog changes;

  @GET
  public JsonObject list(
      @QueryParam("workspace") String workspace,
      @QueryParam("item") String item,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    return AdminJson.page(
        changes.list(workspace, item, from, to, PageQuery.parse(cursor, limit)),
        ChangeResource::json);
  }

  /**
   * An entry: {@code id, at, workspace {id, name}, kind, item {id, name}, operation, fromVersion,
   * toVersion, by, clientAddress, attempts, detail} (docs/api.md#change-log).
   */
  static JsonObject json(AdminChangeStore.Row c) {
    JsonObjectBuilder b =
        Json.provider().createObjectBuilder().add("id", c.id()).add("at", c.at().toString());
    if (c.workspaceId() == null && c.workspaceName() == null) {
      b.addNull("workspace");
    } else {
      b.add(
          "workspace",
          Json.provider()
              .createObjectBuilder()
              .add("id", Json.stringOrNull(c.workspaceId()))
              .add("name", Json.stringOrNull(c.workspaceName())));
    }
    b.add("kind", c.kind());
    if (c.itemId() == null && c.itemName() == null) {
      b.addNull("item");
    } else {
      b.add(
          "item",
          Json.provider()
              .createObjectBuilder()
              .add("id", Json.stringOrNull(c.itemId()))
              .add("name", Json.stringOrNull(c.itemName())));
    }
    return b.add("operation", c.operation())
        .add("fromVersion", number(c.fromVersion()))
        .add("toVersion", number(c.toVersion()))
        .add("by", c.by())
        .add("clientAddress", c.clientAddress())
        .add("attempts", c.attempts())
        .add("detail", Json.stringOrNull(c.detail()))
        .build();
  }

  private static JsonValue number(Long n) {
    return n == null ? JsonValue.NULL : Json.provider().createValue(n);
  }
}
