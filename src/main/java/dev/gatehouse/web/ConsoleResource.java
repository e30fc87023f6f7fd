package dev.gatehouse.web;

import dev.gatehouse.error.NotFoundException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The admin console's files at {@code /console/} (docs/console.md). JAX-RS is mapped at the root
 * ({@link GatehouseApplication}), so the container's default servlet never serves the WAR's files:
 * they come from here, only names {@link ConsoleFiles#isServable} accepts, with {@code
 * Cache-Control: no-cache} and a strong ETag; anything else is 404 {@code not_found}. Security
 * headers on every answer under /console: {@link ConsoleHeadersFilter}. Not part of the API: hidden
 * from the OpenAPI document.
 */
@Path("console")
@RequestScoped
public class ConsoleResource {
  @Inject ConsoleFiles files;
  @Context ServletContext context;

  /** {@code /console/} is the console's page; {@code /console} redirects there. */
  @GET
  @Operation(hidden = true)
  public Response root(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    if (!uri.getRequestUri().getRawPath().endsWith("/")) {
      // A relative Location: nothing of the request (its Host header) goes into it.
      return Response.status(308).header(HttpHeaders.LOCATION, "/console/").build();
    }
    return file("index.html", ifNoneMatch);
  }

  /** A file under {@code /console/}, 304 when {@code If-None-Match} names its ETag. */
  @GET
  @Operation(hidden = true)
  @Path("{path:.+}")
  public Response get(
      @Encoded @PathParam("path") String path,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    return file(path, ifNoneMatch);
  }

  private Response file(String path, String ifNoneMatch) {
    ConsoleFiles.File f =
        files.get(context, path).orElseThrow(() -> new NotFoundException("no such resource"));
    if (matches(ifNoneMatch, f.etag())) {
      return Response.notModified()
          .header(HttpHeaders.ETAG, f.etag())
          .header(HttpHeaders.CACHE_CONTROL, "no-cache")
          .build();
    }
    return Response.ok(f.bytes())
        .header(HttpHeaders.CONTENT_TYPE, f.contentType())
        .header(HttpHeaders.ETAG, f.etag())
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .build();
  }

  /** True when {@code ifNoneMatch} lists {@code etag} (weakly compared, RFC 9110) or is "*". */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
