package dev.gatehouse.web;

import dev.gatehouse.admin.WorkspaceTransfer;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.YamlText;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Admin API: a workspace's providers, policies and test cases as one document, JSON or YAML
 * (docs/api.md#export-and-import). The body is the document itself (no {@code data} envelope), so
 * that it can be saved and imported as it is; its ETag is the workspace's digest.
 */
@Path("api/v1/admin/workspaces/{workspace}/export")
@RequestScoped
public class WorkspaceExportResource {
  /** The media type of a YAML export (docs/api.md#export-and-import). */
  static final String YAML = "application/yaml";

  @Inject WorkspaceTransfer transfer;

  @GET
  public Response export(
      @PathParam("workspace") String workspace,
      @QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    boolean yaml = yaml(format, accept);
    WorkspaceTransfer.Exported e = transfer.export(workspace);
    String body = yaml ? YamlText.write(e.document()) : json(e.document());
    return Response.ok(body, yaml ? YAML + "; charset=UTF-8" : "application/json")
        .tag(new EntityTag(e.digest()))
        .build();
  }

  /**
   * {@code ?format=json|yaml} wins; without it, YAML when {@code Accept} names a YAML type and not
   * JSON, else JSON.
   */
  static boolean yaml(String format, String accept) {
    if (format != null) {
      return switch (format) {
        case "json" -> false;
        case "yaml" -> true;
        default ->
            throw new ValidationException("", "query parameter 'format' must be json or yaml");
      };
    }
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    return a.contains("yaml") && !a.contains("json");
  }

  /** Pretty-printed JSON, keys in the document's order, ending with a line break. */
  static String json(Object document) {
    StringWriter out = new StringWriter();
    try (var w =
        Json.provider()
            .createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createWriter(out)) {
      w.write((JsonValue) Json.toJson(document));
    }
    String text = out.toString();
    return (text.startsWith("\n") ? text.substring(1) : text) + "\n";
  }
}
