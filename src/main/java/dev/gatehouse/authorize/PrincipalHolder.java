package dev.gatehouse.authorize;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The current request's external principal, set by the {@code @ExternalAuthorize} interceptor (the
 * in-server one, or the client library's remote one: this file is shared, docs/client.md) and
 * injected from here.
 */
@RequestScoped
public class PrincipalHolder {
  private ExternalPrincipal principal = ClaimsPrincipal.anonymous();

  /** For the interceptors: who is calling the current request's annotated method. */
  public void set(ExternalPrincipal principal) {
    this.principal = principal;
  }

  /**
   * Who is calling the current request's annotated method (anonymous until an interceptor set it).
   */
  public ExternalPrincipal get() {
    return principal;
  }

  /** {@code @Inject ExternalPrincipal}: the caller of the current annotated method. */
  @Produces
  @RequestScoped
  ExternalPrincipal current() {
    return principal;
  }
}
