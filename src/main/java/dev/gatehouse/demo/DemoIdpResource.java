package dev.gatehouse.demo;

import dev.gatehouse.error.ForbiddenException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.token.AddressPolicy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The demo's token issuer: its JWKS and a token endpoint that signs the claims it is given. */
@Path("demo/idp")
@RequestScoped
public class DemoIdpResource {
  @Inject DemoIssuer issuer;

  @GET
  @Path(".well-known/jwks.json")
  @Produces(MediaType.APPLICATION_JSON)
  public String jwks() {
    return issuer.jwks();
  }

  /**
   * Signs the posted claims. Answers {@code {"data":{"token":…}}}, or the bare token with {@code
   * Accept: text/plain} (handy in shell scripts). Only for a caller on this machine: any other gets
   * 403 {@code forbidden} (docs/security.md "Outbound fetches, the demo, paths and cross-site
   * requests").
   */
  @POST
  @Path("token")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  @SuppressWarnings("unchecked")
  public Response token(
      JsonValue body, @Context HttpHeaders headers, @Context HttpServletRequest peer) {
    if (!isLoopbackPeer(peer.getRemoteAddr())) {
      throw new ForbiddenException("the demo token endpoint answers callers on this machine only");
    }
    if (body.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ValidationException("", "the body must be a JSON object of claims");
    }
    String token = issuer.mint((Map<String, Object>) Json.toJava(body));
    boolean plainAsked =
        headers.getAcceptableMediaTypes().stream()
            .anyMatch(m -> m.getType().equals("text") && m.getSubtype().equals("plain"));
    if (plainAsked) {
      return Response.ok(token, MediaType.TEXT_PLAIN).build();
    }
    return Response.ok(
            Json.provider()
                .createObjectBuilder()
                .add("data", Json.provider().createObjectBuilder().add("token", token))
                .build(),
            MediaType.APPLICATION_JSON)
        .build();
  }

  /**
   * True when the TCP peer's address (never a header such as {@code X-Forwarded-For}) is a loopback
   * address. Behind a reverse proxy on the same machine every caller looks local: the demo is never
   * for a real deployment.
   */
  static boolean isLoopbackPeer(String remoteAddr) {
    if (remoteAddr == null) {
      return false;
    }
    try {
      return AddressPolicy.scopeOf(AddressPolicy.literal(remoteAddr.trim()))
          == AddressPolicy.Scope.LOOPBACK;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
