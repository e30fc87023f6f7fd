package dev.gatehouse.authorize;

import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who called an {@link ExternalAuthorize}d method, as Gatehouse verified them: injectable with
 * {@code @Inject ExternalPrincipal} in that request. It is MicroProfile JWT's {@link JsonWebToken}
 * too ({@code getName}, {@code getSubject}, {@code getClaim}, {@code getGroups}, …).
 */
public interface ExternalPrincipal extends JsonWebToken {
  /** True when the method ran without a token ({@code allowUnauthenticated}). */
  boolean isAnonymous();

  /** The id of the provider that vouched for the token, or null when anonymous. */
  String providerId();

  /** The attributes the policies saw ({@code ext_*}, {@code external_subject}, …). */
  Map<String, Object> attributes();

  /** The decision's id in the audit log, or null when anonymous. */
  String decisionId();

  /** The policy that allowed the call, or null. */
  String policy();
}
