package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyImpact;
import dev.gatehouse.admin.WorkspaceTransfer;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.json.YamlText;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Admin API: imports a workspace document, JSON or YAML (docs/api.md#export-and-import): a dry run
 * by default (the diff and the test results, nothing written); with {@code ?dryRun=false} an apply
 * in one transaction, {@code If-Match} the digest it must still have.
 */
@Path("api/v1/admin/workspaces/{workspace}/import")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceImportResource {
  @Inject WorkspaceTransfer transfer;
  @Inject PolicyImpact impact;
  @Context HttpServletRequest http;

  @POST
  @Consumes({
    MediaType.APPLICATION_JSON,
    WorkspaceExportResource.YAML,
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml"
  })
  public Response importDocument(
      @PathParam("workspace") String workspace,
      @QueryParam("dryRun") String dryRun,
      @QueryParam("prune") String prune,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limit,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context UriInfo uri,
      InputStream body) {
    WorkspaceTransfer.Options options =
        new WorkspaceTransfer.Options(
            dryRun(dryRun), AdminJson.flag("prune", prune), PolicyResource.requireTests(uri));
    Object document = read(body, contentType);
    WorkspaceTransfer.Outcome o =
        transfer.importDocument(workspace, document, options, ifMatch, by());
    // A dry run also replays the recorded decisions against the imported policies, after its
    // transaction (docs/api.md#export-and-import); an apply answers no impact.
    PolicyImpact.Impact i =
        o.applied() ? null : impact.analyse(workspace, o.draftPolicies(), from, to, limit);
    return Response.ok(AdminJson.data(outcome(o, i))).tag(new EntityTag(o.digest())).build();
  }

  /** {@code ?dryRun}: absent is true (nothing is written unless asked), else true or false. */
  static boolean dryRun(String value) {
    if (value == null || value.isEmpty() || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new ValidationException("", "query parameter 'dryRun' must be true or false");
  }

  /** The body as plain Java values: JSON for a JSON type, else YAML (docs/security.md). */
  static Object read(InputStream body, String contentType) {
    byte[] bytes;
    try {
      // BodyLimitFilter has already refused anything longer with 413.
      bytes = body.readNBytes(BodyLimitFilter.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new ValidationException("", "the request body could not be read");
    }
    if (CrossSiteFilter.isJson(contentType)) {
      return JsonBodyReader.readJava(new ByteArrayInputStream(bytes));
    }
    return YamlText.parseUntrusted(bytes, BodyLimitFilter.MAX_BODY_BYTES);
  }

  private String by() {
    Object user = http.getAttribute(AdminAuthFilter.ADMIN_USER);
    return user instanceof String s ? s : null;
  }

  /**
   * {@code {dryRun, applied, valid, diff, tests, impact, digest, writes}} (docs/api.md#export-and-
   * import); {@code impact} is a dry run's impact analysis of the recorded decisions, null after an
   * apply.
   */
  static JsonObject outcome(WorkspaceTransfer.Outcome o, PolicyImpact.Impact impact) {
    JsonObjectBuilder diff = Json.provider().createObjectBuilder();
    o.diff().forEach((kind, d) -> diff.add(kind.code(), kindDiff(kind, d)));
    JsonArrayBuilder writes = Json.provider().createArrayBuilder();
    for (WorkspaceTransfer.Write w : o.writes()) {
      writes.add(
          Json.provider()
              .createObjectBuilder()
              .add("kind", w.kind().code())
              .add(keyName(w.kind()), w.key())
              .add("id", w.id())
              .add("operation", w.operation())
              .add(
                  "version",
                  w.version() == null
                      ? JsonValue.NULL
                      : Json.provider().createValue(w.version().longValue())));
    }
    return Json.provider()
        .createObjectBuilder()
        .add("dryRun", !o.applied())
        .add("applied", o.applied())
        .add("valid", true)
        .add("diff", diff)
        .add("tests", PolicyTestJson.results(o.results()))
        .add("impact", impact == null ? JsonValue.NULL : ImpactJson.of(impact))
        .add("digest", o.digest())
        .add("writes", writes)
        .build();
  }

  private static String keyName(WorkspaceTransfer.Kind kind) {
    return kind == WorkspaceTransfer.Kind.PROVIDERS ? "issuer" : "name";
  }

  private static JsonObject kindDiff(WorkspaceTransfer.Kind kind, WorkspaceTransfer.KindDiff d) {
    JsonArrayBuilder changed = Json.provider().createArrayBuilder();
    for (Map.Entry<String, List<JsonDiff.Change>> e : d.changed().entrySet()) {
      JsonArrayBuilder changes = Json.provider().createArrayBuilder();
      for (JsonDiff.Change c : e.getValue()) {
        JsonObjectBuilder b =
            Json.provider().createObjectBuilder().add("op", c.op().code()).add("path", c.path());
        if (c.from() != null) {
          b.add("from", c.from());
        }
        if (c.to() != null) {
          b.add("to", c.to());
        }
        changes.add(b);
      }
      changed.add(
          Json.provider()
              .createObjectBuilder()
              .add(keyName(kind), e.getKey())
              .add("changes", changes));
    }
    return Json.provider()
        .createObjectBuilder()
        .add("added", Json.strings(d.added()))
        .add("changed", changed)
        .add("removed", Json.strings(d.removed()))
        .add("kept", Json.strings(d.kept()))
        .add("unchanged", d.unchanged())
        .build();
  }
}
