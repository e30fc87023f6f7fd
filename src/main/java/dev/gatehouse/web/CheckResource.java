package dev.gatehouse.web;

import dev.gatehouse.check.Caller;
import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;

/**
 * The check API (docs/api.md#check-api): no admin credentials, the external token is the
 * credential. An allow and a deny are both 200; a token that cannot be trusted is a 401 (or 413 /
 * 503). Asked with {@code "include":["principal"]}, a 200 also carries the verified principal.
 */
@Path("api/v1/workspaces/{workspace}/authorization")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CheckResource {
  // Application-scoped, parameters passed to the methods: no bean made per check, and the answer
  // is written straight to text (bench/profile.sh showed both on the cache-hit path). The body is
  // read straight into plain Java values, strict as every JSON body (JsonBodyReader), without a
  // JSON-P tree converted afterwards (bench/results/profile-2026-12-06.md).
  @Inject CheckService checks;

  // A field, not a method parameter: RESTEasy makes a parameter's @Context proxy anew on every
  // call, a field's once (bench/results/profile-2026-12-06.md); each call reads the current
  // request.
  @Context HttpServletRequest http;

  @POST
  @Path("check")
  public String check(@PathParam("workspace") String workspace, InputStream body) {
    CheckRequest request = CheckRequest.read(JsonBodyReader.readJava(body));
    CheckService.Outcome o = checks.check(workspace, request, Caller.of(http), request.source());
    StringBuilder out = new StringBuilder(256).append("{\"data\":");
    DecisionJson.outcome(o, request.includes(CheckRequest.Include.PRINCIPAL), out);
    return out.append('}').toString();
  }

  @POST
  @Path("check-batch")
  public String checkBatch(@PathParam("workspace") String workspace, InputStream body) {
    CheckRequest.Batch batch = CheckRequest.readBatch(JsonBodyReader.readJava(body));
    List<CheckService.Outcome> outcomes = checks.checkBatch(workspace, batch, Caller.of(http));
    StringBuilder out = new StringBuilder(1024).append("{\"data\":{\"results\":[");
    boolean first = true;
    for (CheckService.Outcome o : outcomes) {
      if (!first) {
        out.append(',');
      }
      first = false;
      DecisionJson.outcome(o, out);
    }
    out.append(']');
    // One token for the whole batch: its principal once, beside the results
    // (docs/api.md#check-batch).
    if (batch.includes(CheckRequest.Include.PRINCIPAL)) {
      out.append(",\"principal\":");
      PrincipalJson.write(outcomes.get(0).token(), out);
    }
    return out.append("}}").toString();
  }
}
